import { type RenewingChange, renewalOf, trialOf } from '@heed/shared/revenue/renewals'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { recordChanges } from './ledger'
import { renewalFigures } from './renewals'

const month = (m: number) => Date.UTC(2026, m, 1)
const MONTHS = 6
const BOUNDS = Array.from({ length: MONTHS + 1 }, (_, i) => month(i))
const AS_OF = month(MONTHS + 2)

const arbitraryAccount = fc.record({
  plan: fc.option(fc.constantFrom('basic', 'pro'), { nil: undefined }),
  changes: fc.uniqueArray(
    fc.record({
      // Whole days, so that changes, renewals and boundaries often meet.
      at: fc.integer({ min: -40, max: MONTHS * 31 + 40 }).map((day) => month(0) + day * 86_400_000),
      mrr: fc.integer({ min: 0, max: 10_000 }),
      status: fc.constantFrom('trial', 'active', 'active', 'canceled' as const),
      renewsAt: fc.option(
        fc.integer({ min: -10, max: MONTHS * 31 + 10 }).map((day) => month(0) + day * 86_400_000),
        { nil: null },
      ),
    }),
    { selector: (change) => change.at, maxLength: 8 },
  ),
})

describe.each(dialectCases())('renewal figures on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it('count, per period and per segment, what renewalOf and trialOf give account by account', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryAccount, { maxLength: 10 }), async (accounts) => {
        const { project } = await seedProject(database, 'Renewals')
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
            account.changes.map((change) => ({ ...change, accountId, currency: 'USD', plan: null })),
            { now: 0, timeZone: 'UTC' },
          )
        }
        const scope = { projectId: project.id, bounds: BOUNDS, asOf: AS_OF }
        const [whole, byPlan] = await Promise.all([
          renewalFigures(database, scope),
          renewalFigures(database, { ...scope, trait: 'plan' }),
        ])
        const expected = (members: typeof accounts) =>
          BOUNDS.slice(0, -1).map((start, k) => {
            const end = BOUNDS[k + 1] as number
            const ledgers = members.map((account) =>
              account.changes.map((change) => ({ ...change, currency: 'USD' }) satisfies RenewingChange),
            )
            const renewals = ledgers.map((changes) => renewalOf(changes, start, end))
            const trials = ledgers.map((changes) => trialOf(changes, start, end, AS_OF))
            return {
              due: renewals.filter((outcome) => outcome !== null).length,
              renewed: renewals.filter((outcome) => outcome === 'renewed').length,
              started: trials.filter((outcome) => outcome !== null).length,
              converted: trials.filter((outcome) => outcome === 'converted').length,
            }
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
