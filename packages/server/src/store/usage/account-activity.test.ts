import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, type TestProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { type EventInput, recordEvents } from '../events'
import { accountActivity } from './account-activity'
import { putCatalogue } from './catalogue'
import { catchUpUsage } from './catch-up'

const DAY = 86_400_000
const AS_OF = Date.UTC(2026, 10, 30, 12)

describe.each(dialectCases())('account activity on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let sent = 0
  const event = (
    userId: string | undefined,
    accountId: string,
    at: number,
    name = 'clicked',
  ): EventInput => ({
    id: `evt-${String(sent++).padStart(5, '0')}`,
    type: 'track',
    name,
    anonymousId: `anon-${userId ?? 'none'}`,
    ...(userId !== undefined && { userId }),
    accountId,
    at,
  })

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    await putCatalogue(
      database,
      acme.project.id,
      [
        { key: 'reports', label: 'Reports', events: ['report.opened'], pages: [] },
        { key: 'export', label: 'Export', events: ['export.done'], pages: [] },
      ],
      AS_OF - 100 * DAY,
    )
    // By hand, for the 30 days [AS_OF - 30 days, AS_OF):
    // - acct-a: ann (2 days: 5 and 10 days ago, once with a report) and bob (1 day ago) -> 2 people, 3 days;
    //   in the 30 days before: ann 40 days ago and cid 59 days ago -> 2 people.
    // - acct-b: only an event without a person 3 days ago, and dan exactly 30 days ago to the hour (inside),
    //   and eve 1 hour after AS_OF (outside) -> 1 person, 2 days; export used 31 days ago only (outside).
    await recordEvents(database, acme.project.id, [
      event('ann', 'acct-a', AS_OF - 5 * DAY),
      event('ann', 'acct-a', AS_OF - 10 * DAY, 'report.opened'),
      event('ann', 'acct-a', AS_OF - 10 * DAY + 60_000, 'report.opened'),
      event('bob', 'acct-a', AS_OF - DAY),
      event('ann', 'acct-a', AS_OF - 40 * DAY),
      event('cid', 'acct-a', AS_OF - 59 * DAY),
      event(undefined, 'acct-b', AS_OF - 3 * DAY),
      event('dan', 'acct-b', AS_OF - 30 * DAY),
      event('eve', 'acct-b', AS_OF + 3_600_000),
      event('dan', 'acct-b', AS_OF - 31 * DAY, 'export.done'),
    ])
    await catchUpUsage(database, acme.project.id)
  })
  afterAll(() => database.close())

  it('counts people, days and features over the 30 days before asOf and the 30 before those', async () => {
    expect(await accountActivity(database, acme.project.id, { asOf: AS_OF })).toEqual([
      {
        accountId: 'acct-a',
        activePeople30d: 2,
        activePeoplePrev30d: 2,
        activeDays30d: 3,
        featuresUsed30d: ['reports'],
      },
      {
        accountId: 'acct-b',
        activePeople30d: 1,
        activePeoplePrev30d: 1,
        activeDays30d: 2,
        featuresUsed30d: [],
      },
    ])
  })

  it('lists the accounts asked for, with zeros for one without activity', async () => {
    expect(
      await accountActivity(database, acme.project.id, { asOf: AS_OF, accountIds: ['acct-b', 'acct-z'] }),
    ).toEqual([
      {
        accountId: 'acct-b',
        activePeople30d: 1,
        activePeoplePrev30d: 1,
        activeDays30d: 2,
        featuresUsed30d: [],
      },
      {
        accountId: 'acct-z',
        activePeople30d: 0,
        activePeoplePrev30d: 0,
        activeDays30d: 0,
        featuresUsed30d: [],
      },
    ])
  })

  it('counts a batch sent twice once', async () => {
    const again = event('fay', 'acct-c', AS_OF - 2 * DAY, 'report.opened')
    await recordEvents(database, acme.project.id, [again])
    await catchUpUsage(database, acme.project.id)
    await recordEvents(database, acme.project.id, [again])
    expect(await catchUpUsage(database, acme.project.id)).toBe(0)
    const uses = await database.db
      .selectFrom('feature_usage')
      .select('uses')
      .where('project_id', '=', acme.project.id)
      .where('account_id', '=', 'acct-c')
      .execute()
    expect(uses.map((row) => Number(row.uses))).toEqual([1])
    const sessions = await database.db
      .selectFrom('usage_sessions')
      .select('events')
      .where('project_id', '=', acme.project.id)
      .where('person_id', '=', 'fay')
      .execute()
    expect(sessions.map((row) => Number(row.events))).toEqual([1])
  })
})
