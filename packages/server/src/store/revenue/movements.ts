import { addCustomer, type CustomerCounts, emptyCustomerCounts } from '@heed/shared/revenue/customers'
import { addAccountPeriod, emptyMovementTotals, type MovementTotals } from '@heed/shared/revenue/movements'
import { type RawBuilder, sql } from 'kysely'
import { MAX_TRAIT_SEGMENTS, NO_VALUE_SEGMENT, OTHER_SEGMENT, periodIndex } from '../score-queries'
import { accountTrait } from './account-trait'
import type { ExchangeRates } from './exchange'
import type { ReadDatabase } from './read-database'

/*
 * Movements per period, summed in SQL from the ledger, never from every (account, period) pair.
 *
 * An account's MRR only moves where it has a change, so:
 * - MRR at each boundary: each change adds its paid MRR from the next boundary on and takes back the one it
 *   replaces (LAG over the account's changes), so the SQL groups these deltas by the first boundary they
 *   reach and JavaScript adds them up boundary by boundary. Reporting-currency amounts are summed; other
 *   currencies are counted per amount, so that each account's MRR is converted on its own, as the
 *   definitions say, at each period's rate.
 * - Movements: per account, only the periods holding a change: the last change of the period gives the end
 *   MRR, the MRR before its first change the start (FIRST_VALUE over the account's changes in the period).
 *   SQL classifies and sums those whose both ends are in the reporting currency; the few in another
 *   currency come back as rows, are converted at the period's rate and classified with the same shared
 *   functions.
 * One pass over the project's changes before the range's end, read in index order (project, account, at).
 */

/** What to compute: consecutive periods [bounds[i], bounds[i + 1]), each with the month whose rate values it. */
export interface RevenueScope {
  projectId: string
  /** Ascending epoch milliseconds, at least two. */
  bounds: readonly number[]
  /** Per period, the month ('YYYY-MM') whose exchange rate converts it: its last month. */
  rateMonths: readonly string[]
  rates: ExchangeRates
  /** Split by this account trait (matching TRAIT_NAME). */
  trait?: string
  /**
   * Split by cohort instead: the index (as text) of the period holding the account's first paid change, or
   * '(none)' for accounts that first paid before the range. Cohorts are never folded.
   */
  cohorts?: true
  /**
   * Split by the bucket (promoter, passive, detractor) of each account's latest NPS answer before this
   * instant, '(none)' for accounts without one. Meant for one-period scopes: the bucket at the period's start.
   */
  npsBucketAt?: number
}

export interface PeriodFigures {
  movements: MovementTotals
  customers: CustomerCounts
}

/** Segments by trait value, those with any change before the range's end, or just '' for the whole when not split; one entry per period. */
export type SegmentFigures = Map<string, PeriodFigures[]>

const WHOLE = ''

const PAID = sql`CASE WHEN status = 'active' THEN mrr ELSE 0 END`

/** The account's segment: its trait's value as text, '' when not split. */
function segmentOf(
  database: ReadDatabase,
  scope: RevenueScope,
): { join: RawBuilder<unknown>; key: RawBuilder<unknown> } {
  if (scope.npsBucketAt !== undefined) {
    return {
      join: sql`LEFT JOIN (
          SELECT account_id, bucket FROM (
            SELECT responses.account_id, responses.bucket,
              ROW_NUMBER() OVER (PARTITION BY responses.account_id ORDER BY responses.created_at DESC) AS latest
            FROM responses JOIN surveys ON surveys.project_id = responses.project_id AND surveys.id = responses.survey_id
            WHERE responses.project_id = ${scope.projectId} AND surveys.kind = 'nps' AND responses.bucket IS NOT NULL
              AND responses.account_id IS NOT NULL AND responses.created_at < ${scope.npsBucketAt}
          ) AS answers WHERE latest = 1
        ) AS nps ON nps.account_id = revenue_changes.account_id`,
      key: sql`nps.bucket`,
    }
  }
  if (scope.trait === undefined) return { join: sql``, key: sql`''` }
  return {
    join: sql`LEFT JOIN accounts ON accounts.project_id = revenue_changes.project_id AND accounts.id = revenue_changes.account_id`,
    key: accountTrait(database.dialect, scope.trait),
  }
}

/** Index of the first boundary after `column`: 0 before bounds[0], i + 1 within period i. */
function boundaryIndex(column: string, bounds: readonly number[]): RawBuilder<number> {
  return sql<number>`CASE WHEN ${sql.ref(column)} < ${bounds[0]} THEN 0 ELSE ${periodIndex(column, bounds)} + 1 END`
}

interface DeltaRow {
  segment: string | null
  boundary: number | string
  currency: string
  /** 0 for the reporting currency, whose amounts are summed rather than counted per amount. */
  value: number | string
  total: number | string
  accounts: number | string
}

interface MovementRow {
  segment: string | null
  period: number | string
  is_foreign: number | string
  start_paid: number | string | null
  start_currency: string | null
  end_paid: number | string
  end_currency: string
  paid_before: number | string
  new_mrr: number | string | null
  expansion: number | string | null
  contraction: number | string | null
  churn: number | string | null
  reactivation: number | string | null
  new_customers: number | string | null
  reactivated: number | string | null
  churned: number | string | null
}

const n = (value: number | string | null | undefined) => Number(value ?? 0)

/** Movements and customers per period, whole or per trait segment (the largest MAX_TRAIT_SEGMENTS, then '(other)', then '(none)'). */
export async function revenueFigures(database: ReadDatabase, scope: RevenueScope): Promise<SegmentFigures> {
  const { bounds, projectId, rates } = scope
  const last = bounds[bounds.length - 1] as number
  const periods = bounds.length - 1
  const segment = segmentOf(database, scope)
  const reporting = rates.reporting

  // Each account's changes before the range's end, with the MRR and currency each one replaces.
  const cohort = sql`CASE WHEN first_paid >= ${bounds[0]} AND first_paid < ${last}
    THEN CAST(${periodIndex('first_paid', bounds)} AS TEXT) END`
  const rawLedger = sql`SELECT revenue_changes.account_id, at, currency, ${PAID} AS paid, ${segment.key} AS trait_value,
      LAG(currency) OVER (PARTITION BY revenue_changes.account_id ORDER BY at) AS prev_currency,
      LAG(${PAID}) OVER (PARTITION BY revenue_changes.account_id ORDER BY at) AS prev_paid,
      LEAD(at) OVER (PARTITION BY revenue_changes.account_id ORDER BY at) AS next_at,
      MIN(CASE WHEN status = 'active' AND mrr > 0 THEN at END) OVER (PARTITION BY revenue_changes.account_id) AS first_paid
    FROM revenue_changes ${segment.join}
    WHERE revenue_changes.project_id = ${projectId} AND at < ${last}`
  const ledger = sql`SELECT account_id, at, currency, paid, prev_currency, prev_paid, next_at, first_paid,
      ${scope.cohorts ? cohort : sql`trait_value`} AS segment FROM (${rawLedger}) AS raw`

  const deltas = sql<DeltaRow>`WITH ledger AS MATERIALIZED (${ledger}), deltas AS (
      SELECT segment, at, currency, paid AS value, 1 AS n FROM ledger WHERE paid > 0
      UNION ALL
      SELECT segment, at, prev_currency, prev_paid, -1 FROM ledger WHERE prev_paid > 0
    )
    SELECT segment, ${boundaryIndex('at', bounds)} AS boundary, currency,
      CASE WHEN currency = ${reporting} THEN 0 ELSE value END AS value, SUM(value * n) AS total, SUM(n) AS accounts
    FROM deltas GROUP BY 1, 2, 3, 4`

  const sameCurrency = sql`(start_paid IS NULL OR start_paid = 0 OR start_currency = ${reporting})
    AND (end_paid = 0 OR end_currency = ${reporting})`
  const movements = sql<MovementRow>`WITH ledger AS MATERIALIZED (${ledger}), inside AS (
      SELECT account_id, at, segment, paid, currency, prev_paid, prev_currency, next_at, first_paid,
        ${periodIndex('at', bounds)} AS period
      FROM ledger WHERE at >= ${bounds[0]}
    ), spans AS (
      SELECT segment, period, paid AS end_paid, currency AS end_currency,
        FIRST_VALUE(prev_paid) OVER (PARTITION BY account_id, period ORDER BY at) AS start_paid,
        FIRST_VALUE(prev_currency) OVER (PARTITION BY account_id, period ORDER BY at) AS start_currency,
        CASE WHEN first_paid IS NOT NULL AND first_paid < ${periodStart(bounds)} THEN 1 ELSE 0 END AS paid_before,
        CASE WHEN next_at IS NULL OR next_at >= ${last} THEN 1
          WHEN ${periodIndex('next_at', bounds)} <> period THEN 1 ELSE 0 END AS is_last
      FROM inside
    ), moved AS (
      SELECT segment, period, COALESCE(start_paid, 0) AS s, end_paid AS e, paid_before, start_currency, end_currency,
        CASE WHEN ${sameCurrency} THEN 0 ELSE 1 END AS is_foreign
      FROM spans WHERE is_last = 1
    )
    SELECT segment, period, 0 AS is_foreign, CAST(NULL AS bigint) AS start_paid, NULL AS start_currency, 0 AS end_paid,
      '' AS end_currency, 0 AS paid_before,
      SUM(CASE WHEN s = 0 AND e > 0 AND paid_before = 0 THEN e ELSE 0 END) AS new_mrr,
      SUM(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS expansion,
      SUM(CASE WHEN e > 0 AND e < s THEN s - e ELSE 0 END) AS contraction,
      SUM(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn,
      SUM(CASE WHEN s = 0 AND e > 0 AND paid_before = 1 THEN e ELSE 0 END) AS reactivation,
      SUM(CASE WHEN s = 0 AND e > 0 AND paid_before = 0 THEN 1 ELSE 0 END) AS new_customers,
      SUM(CASE WHEN s = 0 AND e > 0 AND paid_before = 1 THEN 1 ELSE 0 END) AS reactivated,
      SUM(CASE WHEN s > 0 AND e = 0 THEN 1 ELSE 0 END) AS churned
    FROM moved WHERE is_foreign = 0 GROUP BY 1, 2
    UNION ALL
    SELECT segment, period, 1, s, start_currency, e, end_currency, paid_before,
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM moved WHERE is_foreign = 1`

  const [deltaRows, movementRows] = await Promise.all([
    deltas.execute(database.db),
    movements.execute(database.db),
  ])

  const figures: SegmentFigures = new Map()
  const periodsOf = (key: string) => {
    let entries = figures.get(key)
    if (!entries) {
      entries = Array.from({ length: periods }, () => ({
        movements: emptyMovementTotals(),
        customers: emptyCustomerCounts(),
      }))
      figures.set(key, entries)
    }
    return entries
  }
  const keyOf = (value: string | null) =>
    scope.trait === undefined && !scope.cohorts && scope.npsBucketAt === undefined
      ? WHOLE
      : (value ?? NO_VALUE_SEGMENT)

  // Start and end MRR and paying accounts: the deltas added up boundary by boundary.
  const bySegment = new Map<string, DeltaRow[]>()
  for (const row of deltaRows.rows) {
    const key = keyOf(row.segment)
    bySegment.set(key, [...(bySegment.get(key) ?? []), row])
  }
  for (const [key, rows] of bySegment) {
    const entries = periodsOf(key)
    // Accounts paying each amount of each currency other than the reporting one, and reporting MRR, so far.
    const held = new Map<string, number>()
    let reportingMrr = 0
    let paying = 0
    const sorted = [...rows].sort((a, b) => n(a.boundary) - n(b.boundary))
    let next = 0
    for (let boundary = 0; boundary <= periods; boundary++) {
      for (; next < sorted.length && n(sorted[next]?.boundary) <= boundary; next++) {
        const row = sorted[next] as DeltaRow
        paying += n(row.accounts)
        if (row.currency === reporting) reportingMrr += n(row.total)
        else {
          const amountKey = `${row.currency} ${n(row.value)}`
          held.set(amountKey, (held.get(amountKey) ?? 0) + n(row.accounts))
        }
      }
      const valuedAt = (period: number) => {
        let total = reportingMrr
        for (const [amountKey, count] of held) {
          if (count === 0) continue
          const [currency = '', value = '0'] = amountKey.split(' ')
          total += count * rates.convert(Number(value), currency, scope.rateMonths[period] as string)
        }
        return total
      }
      if (boundary < periods) {
        const entry = entries[boundary] as PeriodFigures
        entry.movements.start = valuedAt(boundary)
        entry.customers.start = paying
      }
      if (boundary > 0) {
        const entry = entries[boundary - 1] as PeriodFigures
        entry.movements.end = valuedAt(boundary - 1)
        entry.customers.end = paying
      }
    }
  }

  for (const row of movementRows.rows) {
    const entry = periodsOf(keyOf(row.segment))[n(row.period)]
    if (!entry) continue
    if (n(row.is_foreign) === 0) {
      const m = entry.movements
      m.new += n(row.new_mrr)
      m.expansion += n(row.expansion)
      m.contraction += n(row.contraction)
      m.churn += n(row.churn)
      m.reactivation += n(row.reactivation)
      entry.customers.new += n(row.new_customers)
      entry.customers.reactivated += n(row.reactivated)
      entry.customers.churned += n(row.churned)
      continue
    }
    // Another currency at either end: both ends at this period's rate, classified as the definitions say.
    const month = scope.rateMonths[n(row.period)] as string
    const account = {
      start: rates.convert(n(row.start_paid), row.start_currency ?? reporting, month),
      end: rates.convert(n(row.end_paid), row.end_currency, month),
      paidBefore: n(row.paid_before) === 1,
    }
    const { start, end } = entry.movements
    addAccountPeriod(entry.movements, account)
    // Only the movement counts here: start and end came from the boundary totals.
    entry.movements.start = start
    entry.movements.end = end
    const { start: startCustomers, end: endCustomers } = entry.customers
    addCustomer(entry.customers, account)
    entry.customers.start = startCustomers
    entry.customers.end = endCustomers
  }
  if (scope.cohorts || scope.npsBucketAt !== undefined) return figures
  if (scope.trait === undefined) {
    periodsOf(WHOLE)
    return figures
  }
  return largestSegments(figures)
}

/** paid_before compares with the start of the row's period: bounds[period], as a CASE over the periods. */
function periodStart(bounds: readonly number[]): RawBuilder<number> {
  const cases = bounds
    .slice(0, -1)
    .map((bound, period) => sql`WHEN ${sql.lit(period)} THEN ${sql.lit(bound)}`)
  return sql<number>`(CASE period ${sql.join(cases, sql` `)} END)`
}

/** The MAX_TRAIT_SEGMENTS segments with the most MRR over the range, then the others folded, then '(none)'. */
function largestSegments(figures: SegmentFigures): SegmentFigures {
  const weight = (entries: PeriodFigures[]) =>
    entries.reduce((sum, e) => sum + e.movements.start + e.movements.end, 0)
  const named = [...figures].filter(([key]) => key !== NO_VALUE_SEGMENT)
  named.sort(([a, x], [b, y]) => weight(y) - weight(x) || (a < b ? -1 : a > b ? 1 : 0))
  const result: SegmentFigures = new Map(named.slice(0, MAX_TRAIT_SEGMENTS))
  const rest = named.slice(MAX_TRAIT_SEGMENTS)
  if (rest.length > 0) {
    const folded =
      rest[0]?.[1].map(() => ({ movements: emptyMovementTotals(), customers: emptyCustomerCounts() })) ?? []
    for (const [, entries] of rest) {
      entries.forEach((entry, period) => {
        const into = folded[period]
        if (!into) return
        for (const field of Object.keys(into.movements) as (keyof MovementTotals)[]) {
          into.movements[field] += entry.movements[field]
        }
        for (const field of Object.keys(into.customers) as (keyof CustomerCounts)[]) {
          into.customers[field] += entry.customers[field]
        }
      })
    }
    result.set(OTHER_SEGMENT, folded)
  }
  const none = figures.get(NO_VALUE_SEGMENT)
  if (none) result.set(NO_VALUE_SEGMENT, none)
  return result
}
