import { periodsInRange } from '@heed/shared/periods/period'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { undoMigrationsFrom } from '../../../test-support/undo-migrations'
import { recordEvents } from '../../store/events'
import { updateProject } from '../../store/projects'
import { catchUpUsage } from '../../store/usage/catch-up'
import { usageTrend } from '../../store/usage/trend'
import { zoneRebuilding } from '../../store/usage/zone-rebuild'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

const NY = 'America/New_York'

describe.each(dialectCases())('the usage zone days migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it("starts each project's zone rollups as a build from the first day, which the catch-up finishes", async () => {
    const { project } = await seedProject(database)
    const events = ['2026-03-02T03:00:00Z', '2026-03-02T09:00:00Z', '2026-03-04T09:00:00Z'].map((iso, i) => ({
      id: `evt-${i}`,
      type: 'track' as const,
      name: 'clicked',
      anonymousId: 'anon-1',
      userId: 'ann',
      at: Date.parse(iso),
    }))
    await recordEvents(database, project.id, events)
    await catchUpUsage(database, project.id)
    await undoMigrationsFrom(database, '2026-12-07-usage-zone-days')
    // The zone as a database before this migration changes it: the projects row alone.
    await database.db.updateTable('projects').set({ time_zone: NY }).where('id', '=', project.id).execute()
    await migrateToLatest(database)
    expect(await zoneRebuilding(database, project.id)).toBe(true)
    const query = {
      projectId: project.id,
      periods: periodsInRange(new Date('2026-03-01T05:00:00Z'), new Date('2026-03-05T05:00:00Z'), 'day', NY),
      timeZone: NY,
      scope: { kind: 'project' },
    } as const
    const slow = await usageTrend(database, query)
    await catchUpUsage(database, project.id)
    expect(await zoneRebuilding(database, project.id)).toBe(false)
    // Ann on New York's Mar 1 (03:00Z is 22:00 the day before), Mar 2 and Mar 4.
    expect(slow.points.map((point) => point.people.dau)).toEqual([1, 1, 0, 1])
    expect(await usageTrend(database, query)).toEqual(slow)
    await updateProject(database, project.id, { timeZone: 'UTC' })
    await catchUpUsage(database, project.id)
    expect(await database.db.selectFrom('usage_zone_days').selectAll().execute()).toEqual([])
  })
})
