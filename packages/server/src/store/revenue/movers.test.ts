import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import { MOVEMENT_KINDS } from '@heed/shared/revenue/movements'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { ExchangeRates } from './exchange'
import { recordChanges } from './ledger'
import { accountMovements, largestMovers } from './movers'
import { putRates } from './rates'

const month = (m: number) => Date.UTC(2026, m, 1)

const arbitraryChange = fc.record({
  account: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  at: fc.integer({ min: month(0), max: month(3) - 1 }),
  // Few amounts, so that movements tie at the cut.
  mrr: fc.constantFrom(0, 1_000, 2_000, 3_000, 5_000),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
  status: fc.constantFrom<RevenueStatus>('trial', 'active', 'active', 'canceled'),
})

describe.each(dialectCases())('the biggest movers on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it('are the biggest of every account’s movements, and a selection keeps every loss asked for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryChange, {
          selector: (change) => `${change.account} ${change.at}`,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (changes, limit) => {
          const { project } = await seedProject(database, 'Movers')
          await putRates(
            database,
            project.id,
            ['2026-01', '2026-02', '2026-03'].map((m, i) => ({
              currency: 'EUR',
              month: m,
              rate: `1.${i + 1}`,
            })),
            0,
          )
          await recordChanges(
            database,
            project.id,
            changes.map((change) => ({ ...change, accountId: change.account, plan: null, renewsAt: null })),
            { now: 0, timeZone: 'UTC' },
          )
          const scope = {
            projectId: project.id,
            start: month(1),
            end: month(2),
            rateMonth: '2026-02',
            rates: await ExchangeRates.load(database, project.id, 'USD'),
          }
          const every = await accountMovements(database, scope)
          const movers = await largestMovers(database, { ...scope, limit })
          for (const kind of MOVEMENT_KINDS) {
            const expected = every
              .filter((movement) => movement.kind === kind)
              .sort((a, b) => b.amount - a.amount || (a.accountId < b.accountId ? -1 : 1))
              .slice(0, limit)
            expect(movers[kind].map(({ accountId, amount }) => ({ accountId, amount }))).toEqual(
              expected.map(({ accountId, amount }) => ({ accountId, amount })),
            )
          }
          const selected = await accountMovements(database, scope, { perKind: limit, all: ['churn'] })
          const byAccount = (a: { accountId: string }, b: { accountId: string }) =>
            a.accountId < b.accountId ? -1 : 1
          expect(selected.filter((movement) => movement.kind === 'churn').sort(byAccount)).toEqual(
            every.filter((movement) => movement.kind === 'churn').sort(byAccount),
          )
        },
      ),
      { numRuns: 25 },
    )
  })
})
