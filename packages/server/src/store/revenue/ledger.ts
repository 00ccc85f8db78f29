import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { ApiError, conflictOn } from '../../errors'
import { newId } from '../ids'
import { keepingMonthTotals } from './month-totals'
import { monthOf } from './months'
import { linkAccounts } from './neighbours'
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

/** Batches from this many changes on refresh PostgreSQL's statistics of the ledger first. */
const ANALYZE_FROM = 5_000

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
    /** Told after every 500 changes inserted or found already held (the CLI's progress bar). */
    onProgress?: (done: number, total: number) => void
  },
): Promise<RecordOutcome> {
  const field = options.field ?? 'changes'
  return database.transact(function* (dialect) {
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

    // A large batch looks changes up 500 at a time (already held? the accounts' histories): PostgreSQL plans
    // each lookup from the ledger's statistics, and right after a bulk load, before autovacuum has caught
    // up, they describe a tiny table, so every lookup scanned the whole project (40 s to re-import 100,000
    // lines rather than 10). Fresh statistics first; ANALYZE runs inside the transaction, locking no writer.
    if (dialect === 'postgres' && changes.length >= ANALYZE_FROM) yield* query('ANALYZE revenue_changes', [])
    return yield* keepingMonthTotals(
      projectId,
      changes.map((change) => change.accountId),
      appendChanges(projectId, changes, { ...options, field, dialect }),
    )
  })
}

/** Changes inserted (and checked against what the ledger holds) per statement. */
const CHANGES_PER_STATEMENT = 500

/**
 * The inserts of recordChanges, 500 rows a statement; a conflicting change throws. The changes not inserted
 * (already held, or clashing) are then read back, two statements per chunk, and compared. The accounts that
 * gained changes are linked to their neighbours once, at the end (linkAccounts).
 */
function* appendChanges(
  projectId: string,
  changes: readonly NewRevenueChange[],
  options: {
    now: number
    field: string
    dialect: DialectName
    onProgress?: (done: number, total: number) => void
  },
): SqlWork<RecordOutcome> {
  const outcome: RecordOutcome = { created: 0, unchanged: 0 }
  const touched = new Set<string>()
  for (let start = 0; start < changes.length; start += CHANGES_PER_STATEMENT) {
    const chunk = changes.slice(start, start + CHANGES_PER_STATEMENT)
    const ids = chunk.map((change) => change.id ?? newId('rev'))
    const { rows: inserted } = yield* query<{ id: string; account_id: string; at: number | string }>(
      `INSERT INTO revenue_changes (project_id, id, account_id, at, mrr, currency, plan, status, renews_at, recorded_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT DO NOTHING RETURNING id, account_id, at`,
      chunk.flatMap((change, index) => [
        projectId,
        ids[index],
        change.accountId,
        change.at,
        change.mrr,
        change.currency,
        change.plan,
        change.status,
        change.renewsAt,
        options.now,
      ]),
    )
    // A row is told apart by all three: two changes of a chunk may share an id or an instant.
    const key = (id: string, accountId: string, at: number) => `${id}\n${accountId}\n${at}`
    const insertedKeys = new Set(inserted.map((row) => key(row.id, row.account_id, Number(row.at))))
    const skipped: number[] = []
    chunk.forEach((change, index) => {
      if (insertedKeys.has(key(ids[index] as string, change.accountId, change.at))) {
        touched.add(change.accountId)
        outcome.created++
      } else skipped.push(index)
    })
    if (skipped.length > 0) {
      yield* checkHeld(projectId, chunk, ids, skipped, start, options)
      outcome.unchanged += skipped.length
    }
    options.onProgress?.(start + chunk.length, changes.length)
  }
  yield* linkAccounts(projectId, [...touched])
  return outcome
}

/**
 * Checks that the changes of a chunk not inserted are held exactly as sent, else throws a 409 naming the
 * first one that differs (by its index in the whole call).
 */
function* checkHeld(
  projectId: string,
  chunk: readonly NewRevenueChange[],
  ids: readonly string[],
  skipped: readonly number[],
  start: number,
  { field, dialect }: { field: string; dialect: DialectName },
): SqlWork<void> {
  // Two lookups, each through its own unique index (an OR of both scans the table on SQLite). The
  // (account, instant) pairs are a VALUES list on SQLite; PostgreSQL plans such a list, or pairs in IN, as a
  // scan of the whole ledger, and two arrays unnested and joined as one index probe per pair.
  const columns = 'id, account_id, at, mrr, currency, plan, status, renews_at'
  const byIds = yield* query<ChangeRow>(
    `SELECT ${columns} FROM revenue_changes WHERE project_id = ? AND id IN (${skipped.map(() => '?').join(', ')})`,
    [projectId, ...skipped.map((index) => ids[index])],
  )
  const accounts = skipped.map((index) => chunk[index]?.accountId)
  const instants = skipped.map((index) => chunk[index]?.at)
  const byInstants =
    dialect === 'sqlite'
      ? yield* query<ChangeRow>(
          `SELECT ${columns} FROM revenue_changes WHERE project_id = ?
             AND (account_id, at) IN (VALUES ${skipped.map(() => '(?, ?)').join(', ')})`,
          [projectId, ...accounts.flatMap((accountId, i) => [accountId, instants[i]])],
        )
      : yield* query<ChangeRow>(
          `SELECT held.id, held.account_id, held.at, held.mrr, held.currency, held.plan, held.status, held.renews_at
           FROM revenue_changes AS held
             JOIN unnest(?::text[], ?::bigint[]) AS sent(account_id, at)
               ON held.account_id = sent.account_id AND held.at = sent.at
           WHERE held.project_id = ?`,
          [accounts, instants, projectId],
        )
  const rows = [...byIds.rows, ...byInstants.rows]
  const held = rows.map(toChange)
  const byId = new Map(held.map((row) => [row.id, row]))
  const byInstant = new Map(held.map((row) => [`${row.accountId}\n${row.at}`, row]))
  for (const index of skipped) {
    const change = chunk[index] as NewRevenueChange
    const sameId = change.id === undefined ? undefined : byId.get(change.id)
    const sameInstant = byInstant.get(`${change.accountId}\n${change.at}`)
    if (sameId && !sameContent(change, sameId)) {
      throw conflictOn(
        `${field}.${start + index}.id`,
        'a change with this id is already stored with other values',
      )
    }
    if (
      sameInstant &&
      (!sameContent(change, sameInstant) || (change.id !== undefined && sameInstant.id !== change.id))
    ) {
      throw conflictOn(
        `${field}.${start + index}.at`,
        `account ${change.accountId} already has a different change at this instant (id ${sameInstant.id})`,
      )
    }
  }
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
