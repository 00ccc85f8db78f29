import { periodsInRange } from '@heed/shared/periods/period'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { seedProject, type TestProject } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { createLogger } from '../logger'
import { type EventInput, recordEvents } from '../store/events'
import { updateProject } from '../store/projects'
import { usageLagEvents } from '../store/usage/catch-up'
import { usageTrend } from '../store/usage/trend'
import { zoneRebuilding } from '../store/usage/zone-rebuild'
import { startUsageCatchUp } from './usage-catch-up'

const WAIT = { timeout: 30_000, interval: 20 }
const NY = 'America/New_York'
const T = Date.parse('2026-03-02T09:00:00Z')

/** `count` events of `people` people, one a minute, so each person has one session. */
function events(prefix: string, count: number, people: number): EventInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(5, '0')}`,
    type: 'track' as const,
    name: 'clicked',
    anonymousId: `anon-${i % people}`,
    userId: `p-${i % people}`,
    accountId: `acct-${i % people}`,
    at: T + Math.floor(i / people) * 60_000,
  }))
}

describe.each(dialectCases())('the usage catch-up worker on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    other = await seedProject(database, 'Other')
  })
  afterAll(() => database?.close())

  const sessionEvents = async (projectId: string) =>
    (
      await database.db
        .selectFrom('usage_sessions')
        .select(['person_id', 'events'])
        .where('project_id', '=', projectId)
        .orderBy('person_id')
        .execute()
    ).map((row) => [row.person_id, Number(row.events)])

  it("folds every project's stored events in chunks, each once, and goes on after a restart", async () => {
    const sent = events('a', 700, 7)
    for (let i = 0; i < sent.length; i += 100)
      await recordEvents(database, acme.project.id, sent.slice(i, i + 100))
    await recordEvents(database, other.project.id, events('o', 30, 3))
    expect(await usageLagEvents(database, acme.project.id)).toBe(700)
    const logger = createLogger('silent')
    const first = startUsageCatchUp({ database, logger, chunkSize: 90, pollIntervalMs: 10 })
    await vi.waitFor(async () => {
      expect(await usageLagEvents(database, acme.project.id)).toBe(0)
      expect(await usageLagEvents(database, other.project.id)).toBe(0)
    }, WAIT)
    await first.stop()
    // Stored while no worker runs, and a batch sent again: the next worker folds the new events alone.
    await recordEvents(database, acme.project.id, events('b', 70, 7))
    await recordEvents(database, acme.project.id, sent.slice(0, 100))
    expect(await usageLagEvents(database, acme.project.id)).toBe(70)
    const second = startUsageCatchUp({ database, logger, chunkSize: 90, pollIntervalMs: 10 })
    await vi.waitFor(async () => expect(await usageLagEvents(database, acme.project.id)).toBe(0), WAIT)
    await second.stop()
    // One session per person (events a minute apart): 100 from the first batches and 10 from the later ones.
    expect(await sessionEvents(acme.project.id)).toEqual(Array.from({ length: 7 }, (_, p) => [`p-${p}`, 110]))
    expect(await sessionEvents(other.project.id)).toEqual(Array.from({ length: 3 }, (_, p) => [`p-${p}`, 10]))
  })

  it('counts each event once while batches are stored beside it, several at a time', async () => {
    const { project } = await seedProject(database, 'Busy')
    const worker = startUsageCatchUp({
      database,
      logger: createLogger('silent'),
      chunkSize: 40,
      pollIntervalMs: 5,
    })
    // Four senders of 15 batches of 20 events each, over 5 people: on PostgreSQL, in concurrent transactions.
    await Promise.all(
      Array.from({ length: 4 }, async (_, sender) => {
        const sent = events(`s${sender}`, 300, 5)
        for (let i = 0; i < sent.length; i += 20)
          await recordEvents(database, project.id, sent.slice(i, i + 20))
      }),
    )
    await vi.waitFor(async () => expect(await usageLagEvents(database, project.id)).toBe(0), WAIT)
    await worker.stop()
    const rows = await sessionEvents(project.id)
    expect(rows.reduce((sum, [, count]) => sum + Number(count), 0)).toBe(1_200)
  })

  it('rebuilds the zone rollups after a zone change while batches arrive, as the hour masks count', async () => {
    const { project } = await seedProject(database, 'Zone')
    const reference = (await seedProject(database, 'Zone reference')).project
    const worker = startUsageCatchUp({
      database,
      logger: createLogger('silent'),
      chunkSize: 50,
      pollIntervalMs: 5,
    })
    // Events every 7 minutes over 10 days for 5 people: New York days split the UTC ones at 04:00 or 05:00Z.
    const sent = Array.from({ length: 2_000 }, (_, i) => ({
      id: `z-${String(i).padStart(5, '0')}`,
      type: 'track' as const,
      name: 'clicked',
      anonymousId: `anon-${i % 5}`,
      userId: `p-${i % 5}`,
      accountId: `acct-${i % 3}`,
      at: Date.parse('2026-03-01T00:00:00Z') + i * 7 * 60_000 + (i % 5) * 3 * 86_400_000,
    }))
    for (let i = 0; i < sent.length; i += 100) {
      await recordEvents(database, project.id, sent.slice(i, i + 100))
      await recordEvents(database, reference.id, sent.slice(i, i + 100))
      if (i === 1_000) await updateProject(database, project.id, { timeZone: 'America/New_York' })
    }
    await vi.waitFor(async () => {
      expect(await usageLagEvents(database, project.id)).toBe(0)
      expect(await usageLagEvents(database, reference.id)).toBe(0)
      expect(await zoneRebuilding(database, project.id)).toBe(false)
    }, WAIT)
    await worker.stop()
    const query = {
      periods: periodsInRange(new Date('2026-03-01T05:00:00Z'), new Date('2026-04-01T04:00:00Z'), 'day', NY),
      timeZone: NY,
      scope: { kind: 'project' },
    } as const
    const fast = await usageTrend(database, { projectId: project.id, ...query })
    expect(fast.points.some((point) => point.people.dau > 0)).toBe(true)
    expect(fast).toEqual(await usageTrend(database, { projectId: reference.id, ...query }))
  })
})
