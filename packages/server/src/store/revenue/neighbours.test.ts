import { paidMrr, type RevenueStatus } from '@heed/shared/revenue/ledger'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { recordChanges } from './ledger'
import { relinkLedger } from './neighbours'
import { putRates } from './rates'
import { withdrawChange } from './withdraw'

const month = (m: number) => Date.UTC(2026, m, 1)
const label = (m: number) => new Date(month(m)).toISOString().slice(0, 7)
const MONTHS = Array.from({ length: 8 }, (_, m) => label(m))

const arbitraryChange = fc.record({
  account: fc.constantFrom('a', 'b', 'c'),
  at: fc.integer({ min: month(0), max: month(8) - 1 }),
  mrr: fc.integer({ min: 0, max: 10_000 }),
  currency: fc.constantFrom('USD', 'USD', 'EUR'),
  status: fc.constantFrom<RevenueStatus>('trial', 'active', 'active', 'canceled'),
  /** Where it arrives: changes are sent sorted by this, not by time, so most are backfills. */
  arrival: fc.nat(),
})

/** Between batches, a month's EUR rate is given again, differently. */
const arbitraryRate = fc.record({
  month: fc.constantFrom(...MONTHS),
  rate: fc.integer({ min: 50, max: 200 }).map((cents) => (cents / 100).toFixed(2)),
})

interface Linked {
  id: string
  prev_at: number | null
  prev_paid: number | null
  prev_currency: string | null
  next_at: number | null
  first_paid_at: number | null
}

describe.each(dialectCases())('ledger neighbours on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  const stored = async (projectId: string): Promise<Linked[]> => {
    const rows = await database.db
      .selectFrom('revenue_changes')
      .select(['id', 'prev_at', 'prev_paid', 'prev_currency', 'next_at', 'first_paid_at'])
      .where('project_id', '=', projectId)
      .orderBy('id')
      .execute()
    const number = (value: unknown) => (value === null ? null : Number(value))
    return rows.map((row) => ({
      id: row.id,
      prev_at: number(row.prev_at),
      prev_paid: number(row.prev_paid),
      prev_currency: row.prev_currency,
      next_at: number(row.next_at),
      first_paid_at: number(row.first_paid_at),
    }))
  }

  it('equal a recomputation from scratch after out-of-order inserts, in batches, between rate changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryChange, {
          selector: (change) => `${change.account} ${change.at}`,
          maxLength: 24,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(arbitraryRate, { maxLength: 6 }),
        async (changes, batchSize, rateChanges) => {
          const { project } = await seedProject(database, 'Neighbours')
          await putRates(
            database,
            project.id,
            MONTHS.map((m) => ({ currency: 'EUR', month: m, rate: '1.10' })),
            0,
          )
          const arriving = [...changes].sort((a, b) => a.arrival - b.arrival)
          for (let start = 0, batch = 0; start < arriving.length; start += batchSize, batch++) {
            const sent = arriving.slice(start, start + batchSize).map((change, i) => ({
              id: `rev-${String(start + i).padStart(3, '0')}`,
              accountId: change.account,
              at: change.at,
              mrr: change.mrr,
              currency: change.currency,
              status: change.status,
              plan: null,
              renewsAt: null,
            }))
            await recordChanges(database, project.id, sent, { now: 0, timeZone: 'UTC' })
            const rate = rateChanges[batch]
            if (rate) await putRates(database, project.id, [{ currency: 'EUR', ...rate }], 0)
          }

          // From scratch: each account's changes in time order, each linked to the ones beside it.
          const expected: Linked[] = []
          arriving.forEach((change, index) => {
            const own = changes.filter((c) => c.account === change.account).sort((a, b) => a.at - b.at)
            const position = own.indexOf(change)
            const previous = own[position - 1]
            const firstPaid = own.find((c) => paidMrr(c) > 0)
            expected.push({
              id: `rev-${String(index).padStart(3, '0')}`,
              prev_at: previous?.at ?? null,
              prev_paid: previous ? paidMrr(previous) : null,
              prev_currency: previous?.currency ?? null,
              next_at: own[position + 1]?.at ?? null,
              first_paid_at: firstPaid?.at ?? null,
            })
          })
          expect(await stored(project.id)).toEqual(expected)
          // The one-statement rebuild the benchmark seeds with gives the same.
          await relinkLedger(database, project.id)
          expect(await stored(project.id)).toEqual(expected)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('close the gap a withdrawn change leaves, as a recomputation from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryChange, {
          selector: (change) => `${change.account} ${change.at}`,
          minLength: 1,
          maxLength: 16,
        }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (changes, picks) => {
          const { project } = await seedProject(database, 'Withdrawn')
          await putRates(
            database,
            project.id,
            MONTHS.map((m) => ({ currency: 'EUR', month: m, rate: '1.10' })),
            0,
          )
          const sent = changes.map((change, i) => ({
            id: `rev-${String(i).padStart(3, '0')}`,
            accountId: change.account,
            at: change.at,
            mrr: change.mrr,
            currency: change.currency,
            status: change.status,
            plan: null,
            renewsAt: null,
          }))
          await recordChanges(database, project.id, sent, { now: 0, timeZone: 'UTC' })
          for (const pick of picks) {
            const id = `rev-${String(pick % changes.length).padStart(3, '0')}`
            await database.transact(() => withdrawChange(project.id, id, 0))
          }
          const incremental = await stored(project.id)
          await relinkLedger(database, project.id)
          expect(incremental).toEqual(await stored(project.id))
        },
      ),
      { numRuns: 30 },
    )
  })
})
