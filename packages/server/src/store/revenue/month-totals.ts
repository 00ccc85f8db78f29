import { shiftPeriod } from '@heed/shared/periods/period'
import { paidMrr, type RevenueStatus } from '@heed/shared/revenue/ledger'
import { addAccountPeriod, emptyMovementTotals } from '@heed/shared/revenue/movements'
import { query, type SqlWork } from '../../db/work'
import { monthStartOf } from './months'

/*
 * Monthly totals kept at write time, for the project's own time zone: what a month of movements reads instead
 * of grouping every change of the month by account (movements.ts takes them for whole, unsplit months in that
 * zone). Per month that holds changes, for the accounts whose MRR at both ends of the month is in the
 * reporting currency (or zero): the movements and customer counts summed (revenue_month_totals); for the
 * others, one row per account and month with both ends in their own currency (revenue_foreign_months), so
 * that reads convert them at each period's rate and a rate given or corrected later needs nothing redone.
 * Every month's row also carries how much reporting-currency MRR and how many paying accounts the month's
 * changes add, so that the MRR at any month start is the sum of the months before it.
 *
 * A write recomputes the months of the accounts it touches from their whole history, before and after, and
 * adds the difference: a backfill years late, a withdrawn change or a change that moves an account's first
 * paid instant (which decides new against reactivation in every later month) all come out right.
 */

/** One month of one account that holds changes: its paid MRR just before the month and at its end. */
export interface AccountMonth {
  month: number
  start: number
  /** Null when the account had no change before the month. */
  startCurrency: string | null
  end: number
  endCurrency: string
  paidBefore: boolean
}

/** What a month's reporting-currency accounts add up to, and what all its accounts add to MRR and paying accounts. */
export interface MonthTotals {
  mrrDelta: number
  payingDelta: number
  new: number
  expansion: number
  contraction: number
  churn: number
  reactivation: number
  newCustomers: number
  reactivated: number
  churned: number
}

const TOTAL_FIELDS = [
  ['mrrDelta', 'mrr_delta'],
  ['payingDelta', 'paying_delta'],
  ['new', 'new_mrr'],
  ['expansion', 'expansion'],
  ['contraction', 'contraction'],
  ['churn', 'churn'],
  ['reactivation', 'reactivation'],
  ['newCustomers', 'new_customers'],
  ['reactivated', 'reactivated'],
  ['churned', 'churned'],
] as const satisfies readonly (readonly [keyof MonthTotals, string])[]

export const emptyMonthTotals = (): MonthTotals => ({
  mrrDelta: 0,
  payingDelta: 0,
  new: 0,
  expansion: 0,
  contraction: 0,
  churn: 0,
  reactivation: 0,
  newCustomers: 0,
  reactivated: 0,
  churned: 0,
})

/** Whether either end of the month is paid in another currency than the reporting one. */
export const isForeign = (month: AccountMonth, reporting: string): boolean =>
  (month.start > 0 && month.startCurrency !== reporting) || (month.end > 0 && month.endCurrency !== reporting)

/** Adds (sign 1) or takes back (sign -1) one account's month. */
function addMonth(totals: MonthTotals, month: AccountMonth, reporting: string, sign: 1 | -1): void {
  totals.mrrDelta +=
    sign *
    ((month.endCurrency === reporting ? month.end : 0) -
      (month.startCurrency === reporting ? month.start : 0))
  totals.payingDelta += sign * ((month.end > 0 ? 1 : 0) - (month.start > 0 ? 1 : 0))
  if (isForeign(month, reporting)) return
  const movements = addAccountPeriod(emptyMovementTotals(), month)
  totals.new += sign * movements.new
  totals.expansion += sign * movements.expansion
  totals.contraction += sign * movements.contraction
  totals.churn += sign * movements.churn
  totals.reactivation += sign * movements.reactivation
  if (month.start === 0 && month.end > 0) {
    if (month.paidBefore) totals.reactivated += sign
    else totals.newCustomers += sign
  }
  if (month.start > 0 && month.end === 0) totals.churned += sign
}

interface LedgerEntry {
  at: number
  paid: number
  currency: string
}

/** The months of one account's history (oldest first) that hold changes. */
export function accountMonths(
  entries: readonly LedgerEntry[],
  monthOf: (at: number) => number,
): AccountMonth[] {
  const firstPaid = entries.find((entry) => entry.paid > 0)?.at
  const months: AccountMonth[] = []
  let before: LedgerEntry | undefined
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as LedgerEntry
    const month = monthOf(entry.at)
    const next = entries[i + 1]
    if (next && monthOf(next.at) === month) continue
    // The last change of its month: the month's end; the change before the month's first, its start.
    months.push({
      month,
      start: before?.paid ?? 0,
      startCurrency: before?.currency ?? null,
      end: entry.paid,
      endCurrency: entry.currency,
      paidBefore: firstPaid !== undefined && firstPaid < month,
    })
    before = entry
  }
  return months
}

/** Month starts in a time zone, found by binary search in a list grown as instants need it (Intl is slow). */
function monthFinder(timeZone: string): (at: number) => number {
  const starts: number[] = []
  return (at) => {
    if (starts.length === 0) {
      starts.push(monthStartOf(at, timeZone))
      starts.push(shiftPeriod(new Date(starts[0] as number), 1, 'month', timeZone).getTime())
    }
    while (at < (starts[0] as number)) {
      starts.unshift(shiftPeriod(new Date(starts[0] as number), -1, 'month', timeZone).getTime())
    }
    while (at >= (starts.at(-1) as number)) {
      starts.push(shiftPeriod(new Date(starts.at(-1) as number), 1, 'month', timeZone).getTime())
    }
    let low = 0
    let high = starts.length - 2
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((starts[middle] as number) <= at) low = middle
      else high = middle - 1
    }
    return starts[low] as number
  }
}

interface EntryRow {
  account_id: string
  at: number | string
  status: RevenueStatus
  mrr: number | string
  currency: string
}

/** The histories of some accounts, or of all of the project's when `accountIds` is undefined. */
function* readHistories(
  projectId: string,
  accountIds: readonly string[] | undefined,
): SqlWork<Map<string, LedgerEntry[]>> {
  const histories = new Map<string, LedgerEntry[]>()
  const add = (rows: EntryRow[]) => {
    for (const row of rows) {
      const entries = histories.get(row.account_id) ?? []
      entries.push({
        at: Number(row.at),
        paid: paidMrr({ status: row.status, mrr: Number(row.mrr) }),
        currency: row.currency,
      })
      histories.set(row.account_id, entries)
    }
  }
  const columns = 'SELECT account_id, at, status, mrr, currency FROM revenue_changes WHERE project_id = ?'
  if (accountIds === undefined) {
    add((yield* query<EntryRow>(`${columns} ORDER BY account_id, at`, [projectId])).rows)
    return histories
  }
  for (let i = 0; i < accountIds.length; i += 500) {
    const chunk = accountIds.slice(i, i + 500)
    add(
      (yield* query<EntryRow>(
        `${columns} AND account_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY account_id, at`,
        [projectId, ...chunk],
      )).rows,
    )
  }
  return histories
}

function* projectSettings(projectId: string): SqlWork<{ timeZone: string; reporting: string }> {
  const { rows } = yield* query<{ time_zone: string; reporting_currency: string }>(
    'SELECT time_zone, reporting_currency FROM projects WHERE id = ?',
    [projectId],
  )
  const project = rows[0]
  if (!project) throw new Error(`project ${projectId} vanished`)
  return { timeZone: project.time_zone, reporting: project.reporting_currency }
}

/** Adds month totals to the stored ones (creating the months missing). */
function* addTotals(projectId: string, byMonth: Map<number, MonthTotals>): SqlWork<void> {
  const columns = TOTAL_FIELDS.map(([, column]) => column)
  for (const [month, totals] of byMonth) {
    if (TOTAL_FIELDS.every(([field]) => totals[field] === 0)) continue
    yield* query(
      `INSERT INTO revenue_month_totals (project_id, month_start, ${columns.join(', ')})
       VALUES (?, ?, ${columns.map(() => '?').join(', ')})
       ON CONFLICT (project_id, month_start) DO UPDATE SET
       ${columns.map((column) => `${column} = revenue_month_totals.${column} + excluded.${column}`).join(', ')}`,
      [projectId, month, ...TOTAL_FIELDS.map(([field]) => totals[field])],
    )
  }
}

function* insertForeign(projectId: string, rows: [string, AccountMonth][]): SqlWork<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    yield* query(
      `INSERT INTO revenue_foreign_months
       (project_id, account_id, month_start, start_paid, start_currency, end_paid, end_currency, paid_before)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap(([accountId, month]) => [
        projectId,
        accountId,
        month.month,
        month.start,
        month.startCurrency,
        month.end,
        month.endCurrency,
        month.paidBefore ? 1 : 0,
      ]),
    )
  }
}

/**
 * Runs `write` (which adds or removes changes of `accountIds` only) and brings the month totals of those
 * accounts up to date in the same transaction: their months from their whole history before and after.
 */
export function* keepingMonthTotals<T>(
  projectId: string,
  accountIds: readonly string[],
  write: SqlWork<T>,
): SqlWork<T> {
  const accounts = [...new Set(accountIds)]
  // Revenue writes of a project one at a time: on PostgreSQL two transactions would each see the history
  // without the other's changes and add differences that do not sum up. Locking the project's row first makes
  // the second wait, then read what the first committed (SQLite has one writer anyway).
  yield* query('UPDATE projects SET reporting_currency = reporting_currency WHERE id = ?', [projectId])
  const before = yield* readHistories(projectId, accounts)
  const result = yield* write
  const after = yield* readHistories(projectId, accounts)
  const { timeZone, reporting } = yield* projectSettings(projectId)
  const monthOf = monthFinder(timeZone)
  const byMonth = new Map<number, MonthTotals>()
  const totalsOf = (month: number) => {
    let totals = byMonth.get(month)
    if (!totals) {
      totals = emptyMonthTotals()
      byMonth.set(month, totals)
    }
    return totals
  }
  const foreign: [string, AccountMonth][] = []
  const foreignBefore: string[] = []
  for (const accountId of accounts) {
    const old = accountMonths(before.get(accountId) ?? [], monthOf)
    const now = accountMonths(after.get(accountId) ?? [], monthOf)
    for (const month of old) addMonth(totalsOf(month.month), month, reporting, -1)
    for (const month of now) addMonth(totalsOf(month.month), month, reporting, 1)
    if (old.some((month) => isForeign(month, reporting))) foreignBefore.push(accountId)
    for (const month of now) if (isForeign(month, reporting)) foreign.push([accountId, month])
  }
  yield* addTotals(projectId, byMonth)
  for (let i = 0; i < foreignBefore.length; i += 500) {
    const chunk = foreignBefore.slice(i, i + 500)
    yield* query(
      `DELETE FROM revenue_foreign_months WHERE project_id = ? AND account_id IN (${chunk.map(() => '?').join(', ')})`,
      [projectId, ...chunk],
    )
  }
  yield* insertForeign(projectId, foreign)
  return result
}

/**
 * Recomputes a project's month totals from its whole ledger, in its current time zone: when the time zone
 * changes, for ledgers written straight into the table (the benchmark), for the migration that adds them,
 * and as the reference the kept totals are tested against.
 */
export function* rebuildMonthTotals(projectId: string): SqlWork<void> {
  yield* query('DELETE FROM revenue_month_totals WHERE project_id = ?', [projectId])
  yield* query('DELETE FROM revenue_foreign_months WHERE project_id = ?', [projectId])
  const { timeZone, reporting } = yield* projectSettings(projectId)
  const monthOf = monthFinder(timeZone)
  const byMonth = new Map<number, MonthTotals>()
  const foreign: [string, AccountMonth][] = []
  for (const [accountId, entries] of yield* readHistories(projectId, undefined)) {
    for (const month of accountMonths(entries, monthOf)) {
      let totals = byMonth.get(month.month)
      if (!totals) {
        totals = emptyMonthTotals()
        byMonth.set(month.month, totals)
      }
      addMonth(totals, month, reporting, 1)
      if (isForeign(month, reporting)) foreign.push([accountId, month])
    }
  }
  yield* addTotals(projectId, byMonth)
  yield* insertForeign(projectId, foreign)
}
