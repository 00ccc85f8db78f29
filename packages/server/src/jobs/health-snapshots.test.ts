import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NOW, seedAccountScenario } from '../../test-support/account-scenario'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { createLogger } from '../logger'
import { startHealthSnapshots } from './health-snapshots'

const WAIT = { timeout: 15_000, interval: 20 }
const DAY = 86_400_000

describe.each(dialectCases())('daily health snapshots on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let projectId: string

  beforeAll(async () => {
    database = await dialect.open()
    projectId = (await seedAccountScenario(database)).acme.project.id
  })
  afterAll(() => database.close())

  const daysStored = async () =>
    (
      await database.db
        .selectFrom('account_health_days')
        .select('day')
        .distinct()
        .where('project_id', '=', projectId)
        .orderBy('day')
        .execute()
    ).map((row) => row.day)

  it('scores a day without a snapshot at the start, once, and the next day again', async () => {
    let now = NOW
    const snapshots = startHealthSnapshots({
      database,
      logger: createLogger('silent'),
      everyMs: 10,
      now: () => now,
    })
    await vi.waitFor(async () => expect(await daysStored()).toEqual(['2026-12-07']), WAIT)
    const computedAt = await database.db
      .selectFrom('account_health')
      .select('computed_at')
      .where('project_id', '=', projectId)
      .execute()
    expect(computedAt.map((row) => Number(row.computed_at))).toEqual([NOW, NOW, NOW])

    now = NOW + DAY
    await vi.waitFor(async () => expect(await daysStored()).toEqual(['2026-12-07', '2026-12-08']), WAIT)
    await snapshots.stop()
  })
})
