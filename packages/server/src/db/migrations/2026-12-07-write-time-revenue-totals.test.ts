import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { undoMigrationsFrom } from '../../../test-support/undo-migrations'
import { updateProject } from '../../store/projects'
import { recordChanges } from '../../store/revenue/ledger'
import { putRates } from '../../store/revenue/rates'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

const DAY = 86_400_000

describe.each(dialectCases())('the write-time revenue totals migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
    // Two projects in two zones: upsells, a churn and a comeback, and an account paying in another currency.
    const { project } = await seedProject(database)
    await updateProject(database, project.id, { timeZone: 'Europe/Paris' })
    await putRates(database, project.id, [{ currency: 'EUR', month: '2026-01', rate: '1.1' }], 0)
    const { project: other } = await seedProject(database, 'Other')
    for (const [projectId, accounts] of [
      [project.id, ['a', 'b', 'c']],
      [other.id, ['a']],
    ] as const) {
      for (const accountId of accounts) {
        const changes = [40, 31, 20, 10, 0].map((day) => ({
          accountId,
          at: Date.UTC(2026, 0, 1) + day * DAY,
          mrr: day === 31 ? 0 : 1_000 * (day + 1),
          currency: accountId === 'c' && day <= 20 ? 'EUR' : 'USD',
          status: 'active' as const,
          plan: null,
          renewsAt: null,
        }))
        await recordChanges(database, projectId, changes, { now: 0, timeZone: 'UTC' })
      }
    }
  })
  afterAll(() => database.close())

  const stored = async () => {
    const numbers = (row: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? value : Number(value)]),
      )
    return {
      totals: (
        await database.db
          .selectFrom('revenue_month_totals')
          .selectAll()
          .orderBy('project_id')
          .orderBy('month_start')
          .execute()
      ).map(numbers),
      foreign: (
        await database.db
          .selectFrom('revenue_foreign_months')
          .selectAll()
          .orderBy('project_id')
          .orderBy('account_id')
          .orderBy('month_start')
          .execute()
      ).map(numbers),
    }
  }

  it('fills the totals of the ledgers already stored exactly as the writes keep them', async () => {
    const kept = await stored()
    // January and February of each project; account c paid in euros in January, so both its months.
    expect(kept.totals).toHaveLength(4)
    expect(kept.foreign.map((row) => row.account_id)).toEqual(['c', 'c'])

    await undoMigrationsFrom(database, '2026-12-07-write-time-revenue-totals')
    expect(await migrateToLatest(database)).toEqual(['2026-12-07-write-time-revenue-totals'])
    expect(await stored()).toEqual(kept)
  })
})
