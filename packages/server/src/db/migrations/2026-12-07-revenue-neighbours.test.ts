import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { undoMigrationsFrom } from '../../../test-support/undo-migrations'
import { recordChanges } from '../../store/revenue/ledger'
import { putRates } from '../../store/revenue/rates'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

const DAY = 86_400_000
const NEIGHBOURS = ['prev_at', 'prev_paid', 'prev_currency', 'next_at', 'first_paid_at'] as const

describe.each(dialectCases())('the revenue neighbours migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
    const { project } = await seedProject(database)
    await putRates(database, project.id, [{ currency: 'EUR', month: '2026-01', rate: '1.1' }], 0)
    // Two projects' accounts, changes sent newest first: trials, a churn, a comeback, another currency.
    const { project: other } = await seedProject(database, 'Other')
    for (const [projectId, accounts] of [
      [project.id, ['a', 'b', 'c']],
      [other.id, ['a']],
    ] as const) {
      for (const accountId of accounts) {
        const changes = [5, 4, 3, 2, 1, 0].map((day) => ({
          accountId,
          at: Date.UTC(2026, 0, 1) + day * DAY,
          mrr: day === 3 ? 0 : 1_000 * (day + 1),
          currency: accountId === 'c' && day > 2 ? 'EUR' : 'USD',
          status: day === 0 ? ('trial' as const) : ('active' as const),
          plan: null,
          renewsAt: null,
        }))
        await recordChanges(database, projectId, changes, { now: 0, timeZone: 'UTC' })
      }
    }
  })
  afterAll(() => database.close())

  const neighbours = () =>
    database.db
      .selectFrom('revenue_changes')
      .select(['project_id', 'account_id', 'at', ...NEIGHBOURS])
      .orderBy('project_id')
      .orderBy('account_id')
      .orderBy('at')
      .execute()
      .then((rows) =>
        rows.map((row) => ({
          ...row,
          ...Object.fromEntries(
            ['at', 'prev_at', 'prev_paid', 'next_at', 'first_paid_at'].map((column) => {
              const value = row[column as keyof typeof row]
              return [column, value === null ? null : Number(value)]
            }),
          ),
        })),
      )

  it('fills each stored change’s neighbours exactly as the writes keep them', async () => {
    const kept = await neighbours()
    expect(kept).toHaveLength(24)
    expect(kept.filter((row) => row.next_at === null)).toHaveLength(4)
    expect(kept.find((row) => row.account_id === 'a')?.first_paid_at).toBe(Date.UTC(2026, 0, 2))

    // As a database written before the migration: no neighbours, neither it nor the later ones run yet.
    const undone = await undoMigrationsFrom(database, '2026-12-07-revenue-neighbours')
    expect(undone[0]).toBe('2026-12-07-revenue-neighbours')
    expect(await migrateToLatest(database)).toEqual(undone)
    expect(await neighbours()).toEqual(kept)
  })
})
