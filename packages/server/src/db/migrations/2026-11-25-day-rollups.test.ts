import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, type TestProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { undoMigrationsFrom } from '../../../test-support/undo-migrations'
import { recordDisplay } from '../../store/displays'
import { recordResponse } from '../../store/responses'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

const HOUR = 3_600_000

describe.each(dialectCases())('the day rollups migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    // Answers and displays over three UTC days, some near midnight, one score changed later.
    for (let i = 0; i < 60; i++) {
      const at = Date.UTC(2026, 10, 1, 22) + i * 50 * 60_000
      const id = `resp-${String(i).padStart(4, '0')}`
      const answer = { id, surveyId: acme.surveys.nps, kind: 'nps' as const, anonymousId: `anon-${i}`, at }
      await recordResponse(database, acme.project.id, { ...answer, score: i % 11 })
      if (i % 7 === 0) await recordResponse(database, acme.project.id, { ...answer, score: 10 - (i % 11) })
      const display = {
        id: `disp-${String(i).padStart(4, '0')}`,
        surveyId: acme.surveys.nps,
        anonymousId: `anon-${i}`,
      }
      await recordDisplay(database, acme.project.id, { ...display, event: 'shown', at: at - 60_000 })
      if (i % 3 === 0)
        await recordDisplay(database, acme.project.id, { ...display, event: 'dismissed', at: at + HOUR })
    }
  })
  afterAll(() => database.close())

  const dayRollups = () =>
    database.db
      .selectFrom('response_day_rollups')
      .selectAll()
      .orderBy('survey_id')
      .orderBy('day')
      .execute()
      .then((rows) =>
        rows.map((row) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k.endsWith('_id') ? v : Number(v)])),
        ),
      )

  it('fills the day rollups from the slots exactly as the writes keep them', async () => {
    const kept = await dayRollups()
    expect(kept.length).toBe(3)
    expect(kept.reduce((sum, row) => sum + Number(row.shown), 0)).toBe(60)

    // As a database written before the migration: no day rollups, neither it nor the later ones run yet
    // (migrations run in order, so those are undone too).
    const undone = await undoMigrationsFrom(database, '2026-11-25-day-rollups')
    expect(undone[0]).toBe('2026-11-25-day-rollups')
    expect(await migrateToLatest(database)).toEqual(undone)
    expect(await dayRollups()).toEqual(kept)
  })
})
