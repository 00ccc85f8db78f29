import { convertMinor, parseRate } from '@heed/shared/revenue/currency'
import { addCustomer, emptyCustomerCounts } from '@heed/shared/revenue/customers'
import { accountPeriodOf, type LedgerChange } from '@heed/shared/revenue/ledger'
import { sumMovements } from '@heed/shared/revenue/movements'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { ExchangeRates } from './exchange'
import { recordChanges } from './ledger'
import { revenueFigures } from './movements'
import { putRates } from './rates'

const month = (m: number) => Date.UTC(2026, m, 1)
const MONTHS = 8
const BOUNDS = Array.from({ length: MONTHS + 1 }, (_, i) => month(i))
const LABELS = BOUNDS.slice(1).map((bound) => new Date(bound - 1).toISOString().slice(0, 7))
/** EUR rates per month, changing every month so that a revaluation would show if it leaked into movements. */
const EUR_RATES = Array.from({ length: MONTHS + 2 }, (_, i) => ({
  month: new Date(Date.UTC(2025, 11 + i, 1)).toISOString().slice(0, 7),
  rate: (1 + i / 100).toFixed(2),
}))

const arbitraryAccount = fc.record({
  plan: fc.option(fc.constantFrom('basic', 'pro'), { nil: undefined }),
  changes: fc.uniqueArray(
    fc.record({
      // Up to the last instant of the last month with a rate (2026-09); a change at 2026-10-01 would need its own.
      at: fc.integer({ min: month(-1), max: month(MONTHS + 1) - 1 }),
      mrr: fc.integer({ min: 0, max: 100_000 }),
      currency: fc.constantFrom('USD', 'USD', 'EUR'),
      status: fc.constantFrom('trial', 'active', 'active', 'canceled' as const),
    }),
    { selector: (change) => change.at, maxLength: 8 },
  ),
})

describe.each(dialectCases())('revenue figures on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it('sum, per period and per segment, what the shared definitions give account by account', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryAccount, { maxLength: 12 }), async (accounts) => {
        const { project } = await seedProject(database, 'Revenue')
        await putRates(
          database,
          project.id,
          EUR_RATES.map((rate) => ({ currency: 'EUR', ...rate })),
          0,
        )
        for (const [index, account] of accounts.entries()) {
          const accountId = `acc-${index}`
          if (account.plan) {
            await database.db
              .insertInto('accounts')
              .values({
                project_id: project.id,
                id: accountId,
                traits: JSON.stringify({ plan: account.plan }),
                first_seen: 0,
                last_seen: 0,
              })
              .execute()
          }
          if (account.changes.length === 0) continue
          await recordChanges(
            database,
            project.id,
            account.changes.map((change) => ({ ...change, accountId, plan: null, renewsAt: null })),
            { now: 0, timeZone: 'UTC' },
          )
        }
        const rates = await ExchangeRates.load(database, project.id, 'USD')
        const scope = { projectId: project.id, bounds: BOUNDS, rateMonths: LABELS, rates }
        const [whole, byPlan] = await Promise.all([
          revenueFigures(database, scope),
          revenueFigures(database, { ...scope, trait: 'plan' }),
        ])

        const expected = (members: typeof accounts) =>
          LABELS.map((label, period) => {
            const rate = parseRate(EUR_RATES.find((r) => r.month === label)?.rate ?? '')
            const toUsd = ({ mrr, currency }: { mrr: number; currency: string }) =>
              currency === 'USD' ? mrr : convertMinor(mrr, currency, 'USD', rate)
            const periods = members.map((account) =>
              accountPeriodOf(
                account.changes as LedgerChange[],
                BOUNDS[period] as number,
                BOUNDS[period + 1] as number,
                toUsd,
              ),
            )
            const customers = emptyCustomerCounts()
            for (const accountPeriod of periods) addCustomer(customers, accountPeriod)
            return { movements: sumMovements(periods), customers }
          })
        expect(whole.get('')).toEqual(expected(accounts))
        const nothing = expected([])
        for (const plan of ['basic', 'pro', '(none)']) {
          const members = accounts.filter((account) => (account.plan ?? '(none)') === plan)
          expect(byPlan.get(plan) ?? nothing, plan).toEqual(expected(members))
        }
      }),
      { numRuns: 25 },
    )
  })
})
