import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { ApiError } from '../../errors'
import { type NewRevenueChange, recordChanges } from './ledger'
import { rebuildMonthTotals } from './month-totals'
import { relinkLedger } from './neighbours'
import { putRates } from './rates'

const DAY = 86_400_000
const FIRST = Date.UTC(2025, 0, 1)
const RATE_MONTHS = Array.from({ length: 26 }, (_, i) =>
  new Date(Date.UTC(2024, 11 + i, 1)).toISOString().slice(0, 7),
)
const STATUSES: RevenueStatus[] = ['trial', 'active', 'active', 'active', 'canceled']

/** A small deterministic generator: the same ledger every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

/**
 * 700 changes of 7 accounts over two years, some in EUR and some to 0, shuffled: more than one statement's
 * worth (500), so a batch spans chunks, and most changes land between two already stored.
 */
function ledger(): NewRevenueChange[] {
  const next = random(11)
  const changes: NewRevenueChange[] = []
  for (let i = 0; i < 700; i++) {
    const account = `acct-${i % 7}`
    const step = Math.floor(i / 7)
    changes.push({
      id: `rev-${String(i).padStart(4, '0')}`,
      accountId: account,
      at: FIRST + step * 7 * DAY + Math.floor(next() * 6 * DAY),
      mrr: next() < 0.15 ? 0 : 1_000 + Math.floor(next() * 9_000),
      currency: next() < 0.2 ? 'EUR' : 'USD',
      status: STATUSES[Math.floor(next() * STATUSES.length)] as RevenueStatus,
      plan: null,
      renewsAt: null,
    })
  }
  for (let i = changes.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[changes[i], changes[j]] = [changes[j] as NewRevenueChange, changes[i] as NewRevenueChange]
  }
  return changes
}

describe.each(dialectCases())(
  'revenue changes recorded in large batches on $name',
  (dialect: DialectCase) => {
    let database: HeedDatabase

    beforeAll(async () => {
      database = await dialect.open()
    })
    afterAll(() => database.close())

    const number = (value: unknown) => (value === null || typeof value === 'string' ? value : Number(value))
    const rows = (list: Record<string, unknown>[]) =>
      list.map((row) =>
        Object.fromEntries(
          Object.entries(row)
            .filter(([key]) => key !== 'project_id')
            .map(([key, value]) => [key, number(value)]),
        ),
      )
    /** The links of every change and the month totals: everything a write keeps besides the rows themselves. */
    const kept = async (projectId: string) => ({
      links: rows(
        await database.db
          .selectFrom('revenue_changes')
          .select(['id', 'prev_at', 'prev_paid', 'prev_currency', 'next_at', 'first_paid_at'])
          .where('project_id', '=', projectId)
          .orderBy('id')
          .execute(),
      ),
      totals: rows(
        await database.db
          .selectFrom('revenue_month_totals')
          .selectAll()
          .where('project_id', '=', projectId)
          .orderBy('month_start')
          .execute(),
      ).filter((row) => Object.entries(row).some(([key, value]) => key !== 'month_start' && value !== 0)),
      foreign: rows(
        await database.db
          .selectFrom('revenue_foreign_months')
          .selectAll()
          .where('project_id', '=', projectId)
          .orderBy('account_id')
          .orderBy('month_start')
          .execute(),
      ),
    })
    const newProject = async (name: string) => {
      const { project } = await seedProject(database, name)
      await putRates(
        database,
        project.id,
        RATE_MONTHS.map((month) => ({ currency: 'EUR', month, rate: '1.10' })),
        0,
      )
      return project.id
    }

    it('keep the same links and month totals as the same changes sent one by one', async () => {
      const changes = ledger()
      // An earlier history first, then everything in one call: the first 150 again (a re-import), 550 new,
      // most of them backfills between changes already stored.
      const batched = await newProject('Batched')
      await recordChanges(database, batched, changes.slice(0, 150), { now: 0, timeZone: 'UTC' })
      const progress: number[] = []
      const outcome = await recordChanges(database, batched, changes, {
        now: 0,
        timeZone: 'UTC',
        onProgress: (done) => progress.push(done),
      })
      expect(outcome).toEqual({ created: 550, unchanged: 150 })
      expect(progress).toEqual([500, 700])

      const oneByOne = await newProject('One by one')
      for (const change of changes)
        await recordChanges(database, oneByOne, [change], { now: 0, timeZone: 'UTC' })

      const fromBatch = await kept(batched)
      expect(fromBatch.links).toHaveLength(700)
      expect(fromBatch).toEqual(await kept(oneByOne))
      // And both equal a recomputation from scratch.
      await relinkLedger(database, batched)
      await database.transact(() => rebuildMonthTotals(batched))
      expect(await kept(batched)).toEqual(fromBatch)
    })

    it('refuse the whole batch for a clash in its second statement, naming the change by its place', async () => {
      const changes = ledger()
      const projectId = await newProject('Clash')
      await recordChanges(database, projectId, changes.slice(0, 100), { now: 0, timeZone: 'UTC' })
      const before = await kept(projectId)
      const clashing = changes.map((change, index) =>
        // The same account and instant as the 10th change already stored, with another amount.
        index === 620 ? { ...(changes[9] as NewRevenueChange), id: undefined, mrr: 123 } : change,
      )
      const refused = await recordChanges(database, projectId, clashing, { now: 0, timeZone: 'UTC' }).catch(
        (error: unknown) => error,
      )
      expect(refused).toBeInstanceOf(ApiError)
      expect((refused as ApiError).status).toBe(409)
      expect((refused as ApiError).message).toMatch(/^changes\.620\.at: account acct-\d already has/)
      expect(await kept(projectId)).toEqual(before)
    })
  },
)
