import { type Period, periodsInRange, shiftPeriod } from '@heed/shared/periods/period'
import { activeUsersByDay } from '@heed/shared/usage/active-users'
import { sessionize, sessionStats } from '@heed/shared/usage/sessions'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, type TestProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { type EventInput, recordEvents } from '../events'
import { catchUpUsage, usageLagEvents } from './catch-up'
import { type UsageTrendQuery, usageTrend } from './trend'

const NY = 'America/New_York'
const at = (iso: string) => Date.parse(iso)
const DAY = 86_400_000

/**
 * The fixture, counted by hand. New York is UTC-5 in January, so ann's events of 2026-01-10 03:00Z and
 * 15:00Z are one UTC day but two New York days (Jan 9 22:00 and Jan 10 10:00).
 *   ann  acct-a (pro)   2026-01-10 03:00Z, 15:00Z, 15:20Z
 *   bob  acct-b (free)  2026-01-10 12:00Z
 *   cid  acct-b (free)  2026-01-04 12:00Z
 *   dan  acct-a (pro)   2025-12-20 12:00Z
 * Sessions (30 minutes without an event end one): ann 03:00Z (0 ms) and 15:00-15:20Z (20 min), bob (0 ms).
 */
const EVENTS: Array<[string, string, string]> = [
  ['ann', 'acct-a', '2026-01-10T03:00:00Z'],
  ['ann', 'acct-a', '2026-01-10T15:00:00Z'],
  ['ann', 'acct-a', '2026-01-10T15:20:00Z'],
  ['bob', 'acct-b', '2026-01-10T12:00:00Z'],
  ['cid', 'acct-b', '2026-01-04T12:00:00Z'],
  ['dan', 'acct-a', '2025-12-20T12:00:00Z'],
]

describe.each(dialectCases())('usage trend on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    const events: EventInput[] = EVENTS.map(([userId, accountId, iso], i) => ({
      id: `evt-${String(i).padStart(5, '0')}`,
      type: 'track',
      name: 'clicked',
      anonymousId: `anon-${userId}`,
      userId,
      accountId,
      at: at(iso),
    }))
    // Sent in two batches in reverse order: rollups must not depend on arrival order.
    await recordEvents(database, acme.project.id, events.slice(3))
    await recordEvents(database, acme.project.id, events.slice(0, 3).reverse())
    expect(await usageLagEvents(database, acme.project.id)).toBe(events.length)
    expect(await catchUpUsage(database, acme.project.id)).toBe(events.length)
    expect(await usageLagEvents(database, acme.project.id)).toBe(0)
    for (const [id, plan] of [
      ['acct-a', 'pro'],
      ['acct-b', 'free'],
    ] as const) {
      await database.db
        .updateTable('accounts')
        .set({ traits: JSON.stringify({ plan }) })
        .where('project_id', '=', acme.project.id)
        .where('id', '=', id)
        .execute()
    }
  })
  afterAll(() => database.close())

  const trend = (
    from: string,
    to: string,
    unit: 'day' | 'week',
    timeZone: string,
    rest: Partial<UsageTrendQuery> = {},
  ) =>
    usageTrend(database, {
      projectId: acme.project.id,
      periods: periodsInRange(new Date(from), new Date(to), unit, timeZone),
      timeZone,
      scope: { kind: 'project' },
      ...rest,
    })
  const brief = (points: Awaited<ReturnType<typeof trend>>['points']) =>
    points.map((p) => ({
      label: p.label,
      people: [p.people.dau, p.people.wau, p.people.mau],
      accounts: [p.accounts.dau, p.accounts.wau, p.accounts.mau],
      stickiness: p.people.stickiness,
      sessions: [p.sessions.count, p.sessions.averageDurationMs],
    }))

  it('counts DAU, WAU, MAU and sessions per New York day, where ann is active on two days', async () => {
    const { points } = await trend('2026-01-09T05:00:00Z', '2026-01-11T05:00:00Z', 'day', NY)
    expect(brief(points)).toEqual([
      // Jan 9: ann; the week Jan 3-9 adds cid (Jan 4); the 30 days from Dec 11 add dan (Dec 20).
      { label: '2026-01-09', people: [1, 2, 3], accounts: [1, 2, 2], stickiness: 1 / 3, sessions: [1, 0] },
      // Jan 10: ann and bob; the week adds cid, the month dan.
      {
        label: '2026-01-10',
        people: [2, 3, 4],
        accounts: [2, 2, 2],
        stickiness: 2 / 4,
        sessions: [2, 600_000],
      },
    ])
    expect(points.map((p) => p.people.active)).toEqual([1, 2])
  })

  it('counts the same events per UTC day, where ann is active on one', async () => {
    const { points } = await trend('2026-01-09T00:00:00Z', '2026-01-11T00:00:00Z', 'day', 'UTC')
    expect(brief(points)).toEqual([
      { label: '2026-01-09', people: [0, 1, 2], accounts: [0, 1, 2], stickiness: 0, sessions: [0, null] },
      {
        label: '2026-01-10',
        people: [2, 3, 4],
        accounts: [2, 2, 2],
        stickiness: 2 / 4,
        sessions: [3, 400_000],
      },
    ])
  })

  it('counts distinct people over a week, with its mean DAU and the windows ending on its last day', async () => {
    const { points } = await trend('2026-01-05T05:00:00Z', '2026-01-12T05:00:00Z', 'week', NY)
    expect(points).toHaveLength(1)
    // Week of Jan 5-11: ann (Jan 9, 10) and bob (Jan 10); DAU 0,0,0,0,1,2,0 -> mean 3/7; MAU on Jan 11 adds
    // cid and dan (Dec 13 - Jan 11); every day of the week has MAU (cid, dan), so stickiness is the mean of
    // 0, 0, 0, 0, 1/3, 2/4 and 0.
    expect(points[0]?.people).toMatchObject({ active: 2, dau: 3 / 7, wau: 2, mau: 4 })
    expect(points[0]?.people.stickiness).toBeCloseTo((1 / 3 + 1 / 2) / 7, 12)
    expect(points[0]?.sessions).toEqual({ count: 3, averageDurationMs: 400_000 })
  })

  it('narrows to one account or a segment, and splits by an account trait', async () => {
    const range = ['2026-01-10T05:00:00Z', '2026-01-11T05:00:00Z'] as const
    const account = await trend(...range, 'day', NY, { scope: { kind: 'account', accountId: 'acct-b' } })
    expect(brief(account.points)[0]).toMatchObject({
      people: [1, 2, 2],
      accounts: [1, 1, 1],
      sessions: [1, 0],
    })
    const pro = await trend(...range, 'day', NY, { scope: { kind: 'segment', trait: 'plan', value: 'pro' } })
    expect(brief(pro.points)[0]).toMatchObject({
      people: [1, 1, 2],
      accounts: [1, 1, 1],
      sessions: [1, 1_200_000],
    })
    const split = await trend(...range, 'day', NY, { splitBy: 'plan' })
    expect(split.segments?.map((s) => [s.value, brief(s.points)[0]?.people])).toEqual([
      ['free', [1, 2, 2]],
      ['pro', [1, 1, 2]],
    ])
    expect(brief(split.points)[0]?.people).toEqual([2, 3, 4])
  })
})

describe.each(dialectCases())(
  'usage trend against the shared definitions on $name',
  (dialect: DialectCase) => {
    let database: HeedDatabase
    beforeAll(async () => {
      database = await dialect.open()
    })
    afterAll(() => database.close())

    const START = Date.parse('2026-03-01T00:00:00Z')
    const arbitraryEvent = fc.record({
      person: fc.constantFrom('ann', 'bob', 'cid', 'dan'),
      // Minutes over 45 days, clustered so that sessions and gaps near 30 minutes occur.
      at: fc.integer({ min: 0, max: 45 * 24 * 60 }).map((minute) => START + minute * 60_000),
      batch: fc.integer({ min: 0, max: 2 }),
    })

    it('keeps the day counts right when batches of one person arrive at once', async () => {
      const { project } = await seedProject(database, 'Concurrent')
      // Ann on days 0, 3, 5, 9, 10 and 20, each day's batch sent at the same time as the others.
      const days = [0, 3, 5, 9, 10, 20]
      await Promise.all(
        days.map((day) =>
          recordEvents(database, project.id, [
            {
              id: `evt-c${day}`,
              type: 'track',
              name: 'clicked',
              anonymousId: 'anon-ann',
              userId: 'ann',
              accountId: 'acct-a',
              at: START + day * DAY + 3_600_000,
            },
          ]),
        ),
      )
      await catchUpUsage(database, project.id)
      const periods = periodsInRange(new Date(START), new Date(START + 21 * DAY), 'day', 'UTC')
      const { points } = await usageTrend(database, {
        projectId: project.id,
        periods,
        timeZone: 'UTC',
        scope: { kind: 'project' },
      })
      const expected = activeUsersByDay(
        days.map((day) => ({ personId: 'ann', time: START + day * DAY + 3_600_000 })),
        periodsInRange(
          shiftPeriod(new Date(START), -29, 'day', 'UTC'),
          new Date(START + 21 * DAY),
          'day',
          'UTC',
        ),
      ).slice(29)
      expect(points.map((p) => [p.people.dau, p.people.wau, p.people.mau])).toEqual(
        expected.map((d) => [d.dau, d.wau, d.mau]),
      )
    })

    it('gives the DAU, WAU, MAU and sessions that activeUsersByDay and sessionize give from the events', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbitraryEvent, { minLength: 1, maxLength: 40 }),
          fc.constantFrom('UTC', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin'),
          // The catch-up's chunk size: the figures must not depend on where chunks end.
          fc.integer({ min: 1, max: 8 }),
          async (generated, timeZone, chunkSize) => {
            const { project } = await seedProject(database, 'Property')
            const events = generated.map((event, i) => ({
              ...event,
              id: `evt-${String(i).padStart(5, '0')}`,
            }))
            for (const batch of [2, 0, 1]) {
              const sent = events.filter((event) => event.batch === batch)
              if (sent.length === 0) continue
              await recordEvents(
                database,
                project.id,
                sent.map((event) => ({
                  id: event.id,
                  type: 'track' as const,
                  name: 'clicked',
                  anonymousId: `anon-${event.person}`,
                  userId: event.person,
                  accountId: `acct-${event.person}`,
                  at: event.at,
                })),
              )
              // Some batches are folded before the next arrives, some together with it.
              if (batch !== 0) await catchUpUsage(database, project.id, chunkSize)
            }
            await catchUpUsage(database, project.id, chunkSize)
            const periods = periodsInRange(
              new Date(START + 30 * DAY),
              new Date(START + 46 * DAY),
              'day',
              timeZone,
            )
            const { points } = await usageTrend(database, {
              projectId: project.id,
              periods,
              timeZone,
              scope: { kind: 'project' },
            })
            const sorted = events
              .map((event) => ({ personId: event.person, time: event.at }))
              .sort((a, b) => a.time - b.time)
            const first = periods[0] as Period
            const days = periodsInRange(
              shiftPeriod(first.start, -29, 'day', timeZone),
              periods.at(-1)!.end,
              'day',
              timeZone,
            )
            const expected = activeUsersByDay(sorted, days).slice(29)
            expect(points.map((p) => [p.people.dau, p.people.wau, p.people.mau])).toEqual(
              expected.map((day) => [day.dau, day.wau, day.mau]),
            )
            const sessions = sessionize(sorted)
            expect(points.map((p) => p.sessions)).toEqual(
              periods.map((period) => {
                const starting = sessions.filter(
                  (s) => s.start >= period.start.getTime() && s.start < period.end.getTime(),
                )
                const stats = sessionStats(starting)
                return { count: stats.count, averageDurationMs: stats.averageDurationMs }
              }),
            )
          },
        ),
        { numRuns: 15 },
      )
    })

    it('counts a person once in a plan across two of its accounts (the example of docs/metrics.md)', async () => {
      const { project } = await seedProject(database, 'Split example')
      const events: Array<[string, string, string]> = [
        ['ann', 'acct-a', '2026-03-03T10:00:00Z'],
        ['ann', 'acct-b', '2026-03-05T10:00:00Z'],
        ['bob', 'acct-c', '2026-03-05T11:00:00Z'],
      ]
      await recordEvents(
        database,
        project.id,
        events.map(([userId, accountId, iso], i) => ({
          id: `evt-${i}`,
          type: 'track' as const,
          name: 'clicked',
          anonymousId: `anon-${userId}`,
          userId,
          accountId,
          at: Date.parse(iso),
        })),
      )
      await catchUpUsage(database, project.id)
      for (const [id, plan] of [
        ['acct-a', 'pro'],
        ['acct-b', 'pro'],
        ['acct-c', 'free'],
      ])
        await database.db
          .updateTable('accounts')
          .set({ traits: JSON.stringify({ plan }) })
          .where('project_id', '=', project.id)
          .where('id', '=', id as string)
          .execute()
      const { segments } = await usageTrend(database, {
        projectId: project.id,
        periods: periodsInRange(
          new Date('2026-03-03T00:00:00Z'),
          new Date('2026-03-06T00:00:00Z'),
          'day',
          'UTC',
        ),
        timeZone: 'UTC',
        scope: { kind: 'project' },
        splitBy: 'plan',
      })
      // Each plan's DAU/MAU on 3, 4 and 5 March.
      const brief = (side: 'people' | 'accounts') =>
        segments?.map((segment) => [
          segment.value,
          segment.points.map((point) => `${point[side].dau}/${point[side].mau}`).join(' '),
        ])
      expect(brief('people')).toEqual([
        ['free', '0/0 0/0 1/1'],
        ['pro', '1/1 0/1 1/1'],
      ])
      expect(brief('accounts')).toEqual([
        ['free', '0/0 0/0 1/1'],
        ['pro', '1/1 0/1 1/2'],
      ])
    })

    it('splits people and accounts by the plan of the account each event had, as activeUsersByDay counts them', async () => {
      const PLANS: Record<string, string> = { 'acct-a': 'pro', 'acct-b': 'pro', 'acct-c': 'free' }
      await fc.assert(
        fc.asyncProperty(
          // People move between accounts: bob of acct-a and acct-b is one pro person.
          fc.array(
            fc.record({ event: arbitraryEvent, account: fc.constantFrom('acct-a', 'acct-b', 'acct-c') }),
            {
              minLength: 1,
              maxLength: 40,
            },
          ),
          fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin'),
          async (generated, timeZone) => {
            const { project } = await seedProject(database, 'Split property')
            const events = generated.map(({ event, account }, i) => ({
              id: `evt-${String(i).padStart(5, '0')}`,
              type: 'track' as const,
              name: 'clicked',
              anonymousId: `anon-${event.person}`,
              userId: event.person,
              accountId: account,
              at: event.at,
            }))
            await recordEvents(database, project.id, events)
            await catchUpUsage(database, project.id, 5)
            for (const [id, plan] of Object.entries(PLANS))
              await database.db
                .updateTable('accounts')
                .set({ traits: JSON.stringify({ plan }) })
                .where('project_id', '=', project.id)
                .where('id', '=', id)
                .execute()
            const periods = periodsInRange(
              new Date(START + 30 * DAY),
              new Date(START + 46 * DAY),
              'day',
              timeZone,
            )
            const days = periodsInRange(
              shiftPeriod(periods[0]!.start, -29, 'day', timeZone),
              periods.at(-1)!.end,
              'day',
              timeZone,
            )
            const query = { projectId: project.id, periods, timeZone, scope: { kind: 'project' } } as const
            const split = await usageTrend(database, { ...query, splitBy: 'plan' })
            const weeks = periodsInRange(
              new Date(START + 14 * DAY),
              new Date(START + 46 * DAY),
              'week',
              timeZone,
            )
            const weekly = await usageTrend(database, { ...query, periods: weeks, splitBy: 'plan' })
            for (const plan of ['pro', 'free']) {
              const ofPlan = events.filter((event) => PLANS[event.accountId] === plan)
              const points = split.segments?.find((segment) => segment.value === plan)?.points ?? []
              const windows = (id: (event: (typeof events)[number]) => string) =>
                activeUsersByDay(
                  ofPlan
                    .map((event) => ({ personId: id(event), time: event.at }))
                    .sort((a, b) => a.time - b.time),
                  days,
                )
                  .slice(29)
                  .map((day) => [day.dau, day.wau, day.mau])
              const counts = (side: 'people' | 'accounts') =>
                periods.map((_, i) => {
                  const point = points[i]?.[side]
                  return point === undefined ? [0, 0, 0] : [point.dau, point.wau, point.mau]
                })
              expect(counts('people')).toEqual(windows((event) => event.userId))
              expect(counts('accounts')).toEqual(windows((event) => event.accountId))
              // A week counts each person once, however many days and accounts of the plan they were active with.
              const weekPoints = weekly.segments?.find((segment) => segment.value === plan)?.points ?? []
              expect(weeks.map((_, i) => weekPoints[i]?.people.active ?? 0)).toEqual(
                weeks.map(
                  (week) =>
                    new Set(
                      ofPlan
                        .filter((event) => event.at >= week.start.getTime() && event.at < week.end.getTime())
                        .map((event) => event.userId),
                    ).size,
                ),
              )
              // The segment of the plan is the split's part for it (all zeros when the split has no part).
              const segment = await usageTrend(database, {
                ...query,
                scope: { kind: 'segment', trait: 'plan', value: plan },
              })
              if (points.length > 0)
                expect(segment.points.map((point) => [point.people, point.accounts])).toEqual(
                  points.map((point) => [point.people, point.accounts]),
                )
              else expect(segment.points.every((point) => point.people.mau === 0)).toBe(true)
            }
          },
        ),
        { numRuns: 12 },
      )
    })
  },
)
