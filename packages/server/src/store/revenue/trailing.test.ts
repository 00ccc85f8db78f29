import { convertMinor, parseRate } from '@heed/shared/revenue/currency'
import { type LedgerChange, mrrBefore } from '@heed/shared/revenue/ledger'
import { trailingRetention } from '@heed/shared/revenue/trailing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { ExchangeRates } from './exchange'
import { recordChanges } from './ledger'
import { putRates } from './rates'
import { trailingFigures, trailingRates } from './trailing'

const month = (m: number) => Date.UTC(2026, m, 1)
const label = (at: number) => new Date(at).toISOString().slice(0, 7)
/** Four-month cohorts ending at the start of May, June, July and August. */
const PAIRS = [4, 5, 6, 7].map((end) => ({
  baseAt: month(end - 4),
  endAt: month(end),
  rateMonth: label(month(end) - 1),
}))
const EUR_RATES = Array.from({ length: 10 }, (_, i) => ({
  currency: 'EUR',
  month: label(Date.UTC(2025, 11 + i, 1)),
  rate: (1.1 - i / 50).toFixed(2),
}))

const arbitraryLedger = fc.uniqueArray(
  fc.record({
    at: fc.integer({ min: month(-1), max: month(8) }),
    mrr: fc.integer({ min: 0, max: 100_000 }),
    currency: fc.constantFrom('USD', 'USD', 'EUR'),
    status: fc.constantFrom('trial', 'active', 'active', 'canceled' as const),
  }),
  { selector: (change) => change.at, maxLength: 8 },
)

describe.each(dialectCases())('trailing retention on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it('follows the accounts paying at each base as the shared definition does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryLedger, { maxLength: 10 }), async (ledgers) => {
        const { project } = await seedProject(database, 'Trailing')
        await putRates(database, project.id, EUR_RATES, 0)
        for (const [index, changes] of ledgers.entries()) {
          if (changes.length === 0) continue
          await recordChanges(
            database,
            project.id,
            changes.map((change) => ({ ...change, accountId: `acc-${index}`, plan: null, renewsAt: null })),
            { now: 0, timeZone: 'UTC' },
          )
        }
        const rates = await ExchangeRates.load(database, project.id, 'USD')
        const figures = (await trailingFigures(database, { projectId: project.id, pairs: PAIRS, rates })).get(
          '',
        )
        PAIRS.forEach((pair, k) => {
          const rate = parseRate(EUR_RATES.find((r) => r.month === pair.rateMonth)?.rate ?? '')
          const usd = (changes: LedgerChange[], at: number) => {
            const held = mrrBefore(changes, at)
            if (!held || held.mrr === 0) return 0
            return held.currency === 'USD' ? held.mrr : convertMinor(held.mrr, held.currency, 'USD', rate)
          }
          const expected = trailingRetention(
            ledgers.map((changes) => ({ base: usd(changes, pair.baseAt), end: usd(changes, pair.endAt) })),
          )
          const got = trailingRates(figures?.[k] ?? { accounts: 0, base: 0, end: 0, capped: 0 })
          expect(got.nrr).toEqual(expected.netRevenueRetention)
          expect(got.grr).toEqual(expected.grossRevenueRetention)
          expect(figures?.[k]?.accounts).toBe(expected.accounts)
        })
      }),
      { numRuns: 20 },
    )
  })
})
