import { periodsInRange } from '@heed/shared/periods/period'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { undoMigrationsFrom } from '../../../test-support/undo-migrations'
import { recordEvents } from '../../store/events'
import { catchUpUsage } from '../../store/usage/catch-up'
import { usageTrend } from '../../store/usage/trend'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

describe.each(dialectCases())('the usage split rollups migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  const rollups = async () => ({
    months: await database.db
      .selectFrom('usage_months')
      .selectAll()
      .orderBy(['month', 'person_id', 'account_id'])
      .execute(),
    sessions: await database.db
      .selectFrom('usage_account_session_days')
      .selectAll()
      .orderBy(['day', 'account_id'])
      .execute(),
  })

  it('fills the month rows and the account session days exactly as the catch-up keeps them', async () => {
    const { project } = await seedProject(database)
    // Two months, two accounts, a person without an account, sessions that merge across batches.
    const times: Array<[string, string | undefined, string]> = [
      ['ann', 'acct-a', '2026-01-31T23:10:00Z'],
      ['ann', 'acct-a', '2026-02-01T00:20:00Z'],
      ['bob', 'acct-b', '2026-02-14T09:00:00Z'],
      ['bob', 'acct-b', '2026-02-14T09:25:00Z'],
      ['cid', undefined, '2026-02-15T18:00:00Z'],
      ['bob', 'acct-a', '2026-02-20T07:00:00Z'],
    ]
    const events = times.map(([userId, accountId, iso], i) => ({
      id: `evt-${i}`,
      type: 'track' as const,
      name: 'clicked',
      anonymousId: `anon-${userId}`,
      userId,
      ...(accountId === undefined ? {} : { accountId }),
      at: Date.parse(iso),
    }))
    await recordEvents(database, project.id, events.slice(0, 3))
    await catchUpUsage(database, project.id)
    await recordEvents(database, project.id, events.slice(3))
    await catchUpUsage(database, project.id)
    const kept = await rollups()
    // ann's and bob's months in acct-a and acct-b, cid's without an account.
    expect(kept.months.map((row) => [row.person_id, row.account_id])).toEqual([
      ['ann', 'acct-a'],
      ['ann', 'acct-a'],
      ['bob', 'acct-a'],
      ['bob', 'acct-b'],
      ['cid', ''],
    ])
    // The January row holds the 23:00 hour of its 31st day: day index 30 (1e), then 2^23 in 6 hex digits.
    expect(kept.months[0]?.hours).toBe('1e800000')
    // bob's two events 25 minutes apart are one session of 25 minutes at 09:00 on Feb 14.
    const bobs = kept.sessions.find((row) => row.account_id === 'acct-b')
    expect([bobs?.s9, Number(bobs?.ms9)]).toEqual([1, 25 * 60_000])
    const query = {
      projectId: project.id,
      periods: periodsInRange(
        new Date('2026-01-25T00:00:00Z'),
        new Date('2026-03-01T00:00:00Z'),
        'week',
        'Europe/Berlin',
      ),
      timeZone: 'Europe/Berlin',
      scope: { kind: 'project' },
      splitBy: 'plan',
    } as const
    const before = await usageTrend(database, query)

    await undoMigrationsFrom(database, '2026-12-07-usage-split-rollups')
    await migrateToLatest(database)
    expect(await rollups()).toEqual(kept)
    expect(await usageTrend(database, query)).toEqual(before)
  })
})
