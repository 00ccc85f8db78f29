import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { ApiError, conflictOn } from '../../errors'
import { newId } from '../ids'
import { keepingMonthTotals } from './month-totals'
import { monthOf } from './months'
import { linkChange } from './neighbours'
import { missingRates } from './rates'

/** A ledger change as stored and listed: from `at` on, the account pays `mrr` minor units of `currency` a month. */
export interface RevenueChange {
  id: string
  accountId: string
  at: number
  mrr: number
  currency: string
  plan: string | null
  status: RevenueStatus
  renewsAt: number | null
}

/** A change as a caller sends it: without an id, the account and instant identify it. */
export type NewRevenueChange = Omit<RevenueChange, 'id'> & { id?: string }

export interface RecordOutcome {
  /** Changes stored now. */
  created: number
  /** Changes the ledger already held, exactly as sent (a retry or a re-import). */
  unchanged: number
}

interface ChangeRow {
  id: string
  account_id: string
  at: number | string
  mrr: number | string
  currency: string
  plan: string | null
  status: RevenueStatus
  renews_at: number | string | null
}

const toChange = (row: ChangeRow): RevenueChange => ({
  id: row.id,
  accountId: row.account_id,
  at: Number(row.at),
  mrr: Number(row.mrr),
  currency: row.currency,
  plan: row.plan,
  status: row.status,
  renewsAt: row.renews_at === null ? null : Number(row.renews_at),
})

const sameContent = (a: NewRevenueChange, b: RevenueChange) =>
  a.accountId === b.accountId &&
  a.at === b.at &&
  a.mrr === b.mrr &&
  a.currency === b.currency &&
  a.plan === b.plan &&
  a.status === b.status &&
  a.renewsAt === b.renewsAt

/**
 * Appends changes to the ledger, all or none. A change is identified by its id when it has one, else by its
 * account and instant; one the ledger already holds with the same content is left as it is (so retries and
 * re-imports change nothing), and one that differs is refused with a 409 naming `${field}.N.id` or `.at`.
 * A change in a currency other than the reporting currency needs a rate for that currency and the month of
 * its instant (in `timeZone`), else the whole call is refused with a 422 naming the first change without one.
 * `field` is what the caller calls the list (`changes` in the API, `line` numbers are mapped by the CLI).
 */
export function recordChanges(
  database: HeedDatabase,
  projectId: string,
  changes: readonly NewRevenueChange[],
  options: {
    now: number
    timeZone: string
    field?: string
    /** Told every 1,000 changes stored, and at the end (the CLI's progress bar). */
    onProgress?: (done: number, total: number) => void
  },
): Promise<RecordOutcome> {
  const field = options.field ?? 'changes'
  return database.transact(function* () {
    const { rows: projects } = yield* query<{ reporting_currency: string }>(
      'SELECT reporting_currency FROM projects WHERE id = ?',
      [projectId],
    )
    const reporting = projects[0]?.reporting_currency
    if (reporting === undefined) throw new Error(`project ${projectId} vanished`)
    const rateKey = (change: NewRevenueChange) => `${change.currency} ${monthOf(change.at, options.timeZone)}`
    const foreign = changes.filter((change) => change.currency !== reporting)
    const missing = yield* missingRates(projectId, new Set(foreign.map(rateKey)))
    const unrated = changes.findIndex(
      (change) => change.currency !== reporting && missing.has(rateKey(change)),
    )
    if (unrated >= 0) {
      const [currency, month] = rateKey(changes[unrated] as NewRevenueChange).split(' ')
      const message = `no ${currency} rate for ${month}: the reporting currency is ${reporting}; PUT /admin/v1/revenue/rates first`
      throw new ApiError(422, 'missing_rate', `${field}.${unrated}.currency: ${message}`, [
        { field: `${field}.${unrated}.currency`, message },
      ])
    }

    return yield* keepingMonthTotals(
      projectId,
      changes.map((change) => change.accountId),
      appendChanges(projectId, changes, { ...options, field }),
    )
  })
}

/** The inserts of recordChanges, each linked to its neighbours; a conflicting change throws. */
function* appendChanges(
  projectId: string,
  changes: readonly NewRevenueChange[],
  options: { now: number; field: string; onProgress?: (done: number, total: number) => void },
): SqlWork<RecordOutcome> {
  const { field } = options
  const outcome: RecordOutcome = { created: 0, unchanged: 0 }
  for (const [index, change] of changes.entries()) {
    const id = change.id ?? newId('rev')
    const inserted = yield* query(
      `INSERT INTO revenue_changes (project_id, id, account_id, at, mrr, currency, plan, status, renews_at, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        projectId,
        id,
        change.accountId,
        change.at,
        change.mrr,
        change.currency,
        change.plan,
        change.status,
        change.renewsAt,
        options.now,
      ],
    )
    if ((index + 1) % 1_000 === 0 || index + 1 === changes.length)
      options.onProgress?.(index + 1, changes.length)
    if (inserted.changes === 1) {
      yield* linkChange(projectId, change)
      outcome.created++
      continue
    }
    const { rows } = yield* query<ChangeRow>(
      `SELECT id, account_id, at, mrr, currency, plan, status, renews_at FROM revenue_changes
         WHERE project_id = ? AND (id = ? OR (account_id = ? AND at = ?))`,
      [projectId, id, change.accountId, change.at],
    )
    const held = rows.map(toChange)
    const byId = change.id === undefined ? undefined : held.find((row) => row.id === change.id)
    const byInstant = held.find((row) => row.accountId === change.accountId && row.at === change.at)
    if (byId && !sameContent(change, byId)) {
      throw conflictOn(`${field}.${index}.id`, 'a change with this id is already stored with other values')
    }
    if (
      byInstant &&
      (!sameContent(change, byInstant) || (change.id !== undefined && byInstant.id !== change.id))
    ) {
      throw conflictOn(
        `${field}.${index}.at`,
        `account ${change.accountId} already has a different change at this instant (id ${byInstant.id})`,
      )
    }
    outcome.unchanged++
  }
  return outcome
}

/** An account's changes, oldest first. */
export async function listAccountChanges(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
): Promise<RevenueChange[]> {
  const rows = await database.reads
    .selectFrom('revenue_changes')
    .select(['id', 'account_id', 'at', 'mrr', 'currency', 'plan', 'status', 'renews_at'])
    .where('project_id', '=', projectId)
    .where('account_id', '=', accountId)
    .orderBy('at')
    .execute()
  return rows.map(toChange)
}
