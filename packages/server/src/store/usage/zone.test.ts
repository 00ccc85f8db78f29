import { type PeriodUnit, periodsInRange } from '@heed/shared/periods/period'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { type EventInput, recordEvents } from '../events'
import { updateProject } from '../projects'
import { CATCH_UP_USAGE, catchUpUsage, usageBoundWork } from './catch-up'
import { type UsageTrend, type UsageTrendQuery, usageTrend } from './trend'
import { REBUILD_USAGE_ZONE } from './zone-rebuild'

const NY = 'America/New_York'
const KOLKATA = 'Asia/Kolkata'

const event = (id: string, person: string, iso: string | number): EventInput => ({
  id,
  type: 'track',
  name: 'clicked',
  anonymousId: `anon-${person}`,
  userId: person,
  accountId: `acct-${person}`,
  at: typeof iso === 'number' ? iso : Date.parse(iso),
})

/** The catch-up alone, leaving a zone rebuild where it is (catchUpUsage finishes it too). */
async function foldOnly(database: HeedDatabase, projectId: string, size: number): Promise<void> {
  for (;;) {
    const bound =
      database.dialect === 'postgres' ? await database.transact(() => usageBoundWork(projectId)) : null
    if (!(await database.write(CATCH_UP_USAGE, projectId, size, bound)).more) return
  }
}

const brief = (trend: UsageTrend) =>
  trend.points.map((p) => ({
    label: p.label,
    people: [p.people.active, p.people.dau, p.people.wau, p.people.mau],
    accounts: [p.accounts.active, p.accounts.dau, p.accounts.wau, p.accounts.mau],
  }))

describe.each(dialectCases())('usage trends in the project time zone on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  const trend = (projectId: string, from: string, to: string, unit: PeriodUnit, timeZone: string) =>
    usageTrend(database, {
      projectId,
      periods: periodsInRange(new Date(from), new Date(to), unit, timeZone),
      timeZone,
      scope: { kind: 'project' },
    } satisfies UsageTrendQuery)

  /** Gap rows kept in the zone: the fast path has something to read. */
  const zoneGapRows = async (projectId: string) =>
    (
      await database.db
        .selectFrom('usage_zone_gaps')
        .select('day')
        .where('project_id', '=', projectId)
        .execute()
    ).length

  /**
   * Counted by hand. New York leaves daylight time on 2026-11-01 (a 25-hour day, 04:00Z to 05:00Z the next
   * day) and enters it on 2026-03-08 (23 hours, 05:00Z to 04:00Z).
   *   dan 2026-11-01T03:30Z  New York Oct 31 23:30 EDT (UTC: Nov 1)
   *   ann 2026-11-01T04:30Z  Nov 1 00:30 EDT; 2026-11-02T04:30Z  Nov 1 23:30 EST (UTC: Nov 1 and Nov 2)
   *   bob 2026-11-02T05:30Z  Nov 2 00:30 EST
   *   cid 2026-03-09T03:30Z  Mar 8 23:30 EDT (UTC: Mar 9)
   * Sent out of order, ann's first event last, after the others were folded.
   */
  it('counts New York days, weeks and months across both DST changes, as the hour masks do', async () => {
    const { project } = await seedProject(database, 'New York')
    await updateProject(database, project.id, { timeZone: NY })
    const reference = (await seedProject(database, 'Reference')).project
    const batches = [
      [event('e1', 'ann', '2026-11-02T04:30:00Z'), event('e2', 'bob', '2026-11-02T05:30:00Z')],
      [event('e3', 'dan', '2026-11-01T03:30:00Z'), event('e4', 'cid', '2026-03-09T03:30:00Z')],
      [event('e5', 'ann', '2026-11-01T04:30:00Z')],
    ]
    for (const batch of batches) {
      for (const id of [project.id, reference.id]) {
        await recordEvents(database, id, batch)
        await catchUpUsage(database, id)
      }
    }
    expect(await zoneGapRows(project.id)).toBeGreaterThan(0)
    expect(await zoneGapRows(reference.id)).toBe(0)

    const days = await trend(project.id, '2026-10-31T04:00:00Z', '2026-11-04T05:00:00Z', 'day', NY)
    expect(brief(days)).toEqual([
      { label: '2026-10-31', people: [1, 1, 1, 1], accounts: [1, 1, 1, 1] },
      { label: '2026-11-01', people: [1, 1, 2, 2], accounts: [1, 1, 2, 2] },
      { label: '2026-11-02', people: [1, 1, 3, 3], accounts: [1, 1, 3, 3] },
      { label: '2026-11-03', people: [0, 0, 3, 3], accounts: [0, 0, 3, 3] },
    ])
    const weeks = await trend(project.id, '2026-10-26T04:00:00Z', '2026-11-09T05:00:00Z', 'week', NY)
    // Oct 26 - Nov 1: dan and ann; Nov 2 - 8: bob, with the 30 days ending Nov 8 holding all three.
    expect(brief(weeks).map((w) => [w.label, w.people[0], w.people[2], w.people[3]])).toEqual([
      ['2026-W44', 2, 2, 2],
      ['2026-W45', 1, 1, 3],
    ])
    const months = await trend(project.id, '2026-10-01T04:00:00Z', '2026-12-01T05:00:00Z', 'month', NY)
    // October: dan; November: ann and bob, DAU 1 on Nov 1 and 2 of 30 days; the 30 days ending Nov 30
    // begin on Nov 1, after dan's Oct 31.
    expect(brief(months)).toEqual([
      { label: '2026-10', people: [1, 1 / 31, 1, 1], accounts: [1, 1 / 31, 1, 1] },
      { label: '2026-11', people: [2, 2 / 30, 0, 2], accounts: [2, 2 / 30, 0, 2] },
    ])
    const march = await trend(project.id, '2026-03-08T05:00:00Z', '2026-03-10T04:00:00Z', 'day', NY)
    expect(brief(march).map((d) => [d.label, d.people[1]])).toEqual([
      ['2026-03-08', 1],
      ['2026-03-09', 0],
    ])
    // The same as a project kept in UTC, read in New York from its hour masks.
    for (const [from, to, unit] of [
      ['2026-10-31T04:00:00Z', '2026-11-04T05:00:00Z', 'day'],
      ['2026-10-26T04:00:00Z', '2026-11-09T05:00:00Z', 'week'],
      ['2026-10-01T04:00:00Z', '2026-12-01T05:00:00Z', 'month'],
      ['2026-03-01T05:00:00Z', '2026-04-01T04:00:00Z', 'day'],
    ] as const) {
      expect(await trend(project.id, from, to, unit, NY)).toEqual(
        await trend(reference.id, from, to, unit, NY),
      )
    }
  })

  it('counts the hour that straddles midnight in Asia/Kolkata on the day it starts in, as the hour masks do', async () => {
    const { project } = await seedProject(database, 'Kolkata')
    await updateProject(database, project.id, { timeZone: KOLKATA })
    const reference = (await seedProject(database, 'Reference')).project
    // 18:45Z is 00:15 IST on Jan 11, in the UTC hour 18:00-19:00 that starts at 23:30 IST on Jan 10.
    const batch = [event('k1', 'ann', '2026-01-10T18:45:00Z'), event('k2', 'bob', '2026-01-10T19:15:00Z')]
    for (const id of [project.id, reference.id]) {
      await recordEvents(database, id, batch)
      await catchUpUsage(database, id)
    }
    expect(await zoneGapRows(project.id)).toBeGreaterThan(0)
    const range = ['2026-01-09T18:30:00Z', '2026-01-11T18:30:00Z'] as const
    const fast = await trend(project.id, ...range, 'day', KOLKATA)
    expect(brief(fast).map((d) => [d.label, d.people[1]])).toEqual([
      ['2026-01-10', 1],
      ['2026-01-11', 1],
    ])
    expect(fast).toEqual(await trend(reference.id, ...range, 'day', KOLKATA))
  })

  it('keeps to the slower reading in another zone and while a zone change is rebuilt', async () => {
    const { project } = await seedProject(database, 'Change')
    await recordEvents(database, project.id, [event('c1', 'ann', '2026-05-01T02:00:00Z')])
    await catchUpUsage(database, project.id)
    await updateProject(database, project.id, { timeZone: NY })
    // Not rebuilt yet: read from the hour masks, already right.
    const range = ['2026-04-30T04:00:00Z', '2026-05-02T04:00:00Z'] as const
    const before = await trend(project.id, ...range, 'day', NY)
    expect(brief(before).map((d) => d.people[1])).toEqual([1, 0])
    await catchUpUsage(database, project.id)
    expect(await trend(project.id, ...range, 'day', NY)).toEqual(before)
    expect(await zoneGapRows(project.id)).toBeGreaterThan(0)
    // Berlin is not the project's zone: its hour masks are read, with Berlin's days.
    const berlin = await trend(
      project.id,
      '2026-04-30T22:00:00Z',
      '2026-05-02T22:00:00Z',
      'day',
      'Europe/Berlin',
    )
    expect(brief(berlin).map((d) => d.people[1])).toEqual([1, 0])
  })

  const START = Date.parse('2026-02-20T00:00:00Z')
  const DAY = 86_400_000
  const arbitraryEvent = fc.record({
    person: fc.constantFrom('ann', 'bob', 'cid', 'dan', 'eve'),
    // Minutes over 60 days, covering New York's and Berlin's spring change; a quarter within an hour of
    // a local midnight somewhere.
    at: fc.integer({ min: 0, max: 60 * 24 * 60 }).map((minute) => START + minute * 60_000),
    batch: fc.integer({ min: 0, max: 2 }),
  })

  it('gives the same trends as the hour masks, whatever the arrival order, chunks and zone changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryEvent, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(NY, 'Europe/Berlin', KOLKATA, 'Asia/Kathmandu', 'Australia/Lord_Howe'),
        fc.constantFrom('UTC', 'Asia/Tokyo'),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        async (generated, timeZone, startZone, chunkSize, rebuildChunks) => {
          const { project } = await seedProject(database, 'Property')
          const reference = (await seedProject(database, 'Reference')).project
          await updateProject(database, project.id, { timeZone: startZone })
          const events = generated.map((e, i) => event(`p-${String(i).padStart(4, '0')}`, e.person, e.at))
          const send = async (batch: number) => {
            const sent = events.filter((_, i) => generated[i]?.batch === batch)
            if (sent.length === 0) return
            await recordEvents(database, project.id, sent)
            await recordEvents(database, reference.id, sent)
          }
          // The first batch is folded in the first zone; the zone then changes, and the later batches, some
          // of them earlier in time, are folded while the rebuild is under way.
          await send(2)
          await catchUpUsage(database, project.id, chunkSize)
          await updateProject(database, project.id, { timeZone })
          for (let i = 0; i < rebuildChunks; i++) await database.write(REBUILD_USAGE_ZONE, project.id)
          await send(0)
          await foldOnly(database, project.id, chunkSize)
          await database.write(REBUILD_USAGE_ZONE, project.id)
          await send(1)
          await catchUpUsage(database, project.id, chunkSize)
          await catchUpUsage(database, reference.id)
          expect(await zoneGapRows(project.id)).toBeGreaterThan(0)
          const from = new Date(START + 25 * DAY).toISOString()
          const to = new Date(START + 62 * DAY).toISOString()
          for (const unit of ['day', 'week', 'month'] as const) {
            const periods = periodsInRange(new Date(from), new Date(to), unit, timeZone)
            const query = { periods, timeZone, scope: { kind: 'project' } } as const
            const fast = await usageTrend(database, { projectId: project.id, ...query })
            const slow = await usageTrend(database, { projectId: reference.id, ...query })
            expect(fast).toEqual(slow)
            // Distinct people per period, counted from the events: each in the period its UTC hour starts in.
            const hourStart = (at: number) => Math.floor(at / 3_600_000) * 3_600_000
            expect(fast.points.map((point) => point.people.active)).toEqual(
              periods.map(
                (period) =>
                  new Set(
                    events
                      .filter(
                        (e) =>
                          hourStart(e.at) >= period.start.getTime() && hourStart(e.at) < period.end.getTime(),
                      )
                      .map((e) => e.userId),
                  ).size,
              ),
            )
          }
        },
      ),
      { numRuns: 12 },
    )
  })
})
