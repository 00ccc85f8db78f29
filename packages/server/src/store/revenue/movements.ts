import { addCustomer, type CustomerCounts, emptyCustomerCounts } from '@heed/shared/revenue/customers'
import { addAccountPeriod, emptyMovementTotals, type MovementTotals } from '@heed/shared/revenue/movements'
import { type RawBuilder, sql } from 'kysely'
import { MAX_TRAIT_SEGMENTS, NO_VALUE_SEGMENT, OTHER_SEGMENT, periodIndex } from '../score-queries'
import { accountTrait } from './account-trait'
import type { ExchangeRates } from './exchange'
import { monthFigures } from './month-figures'
import type { ReadDatabase } from './read-database'

/*
 * Movements per period, summed in SQL from the ledger, never from every (account, period) pair.
 *
 * An account's MRR only moves where it has a change, and each row carries its neighbours (neighbours.ts:
 * the previous change's paid MRR and currency, the next change's instant), so no window function runs here:
 * - MRR at each boundary: each change adds its paid MRR from the next boundary on and takes back the one it
 *   replaces, so the SQL groups these deltas by the first boundary they reach and JavaScript adds them up
 *   boundary by boundary. Reporting-currency amounts are summed; other currencies are counted per amount,
 *   so that each account's MRR is converted on its own, as the definitions say, at each period's rate.
 * - Movements: per account, only the periods holding a change: its last change there (next one at or after
 *   the period's end) gives the end MRR, its first (previous one before the start) the start MRR. SQL
 *   classifies and sums those whose both ends are in the reporting currency; the few in another currency
 *   come back as rows, are converted at the period's rate and classified with the same shared functions.
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
   * The ledger is read for the answering accounts only, and '(none)' is the whole less them, so the cost
   * follows how many accounts answered rather than the size of the ledger.
   */
  npsBucketAt?: number
  /**
   * The bounds are consecutive month starts in this time zone. Unsplit, and in the project's own time zone,
   * the totals kept at write time answer then (month-figures.ts) instead of the ledger.
   */
  monthsIn?: string
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
    // Only the accounts with an answer: the others are the whole less these (revenueFigures).
    return {
      join: sql`JOIN (
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

interface DeltaRow {
  segment: string | null
  boundary: number | string
  /** The currency and amount a change in another currency than the reporting one adds, else null. */
  add_currency: string | null
  add_value: number | string | null
  /** The currency and amount in another currency that it replaces, else null. */
  drop_currency: string | null
  drop_value: number | string | null
  /** Reporting-currency MRR added, net of what it replaces. */
  total: number | string
  /** Paying accounts added, net. */
  accounts: number | string
  /** Changes in the group. */
  n: number | string
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
  if (
    scope.monthsIn !== undefined &&
    scope.trait === undefined &&
    !scope.cohorts &&
    scope.npsBucketAt === undefined
  ) {
    const kept = await monthFigures(database, { ...scope, timeZone: scope.monthsIn })
    if (kept) return new Map([[WHOLE, kept]])
  }
  const { bounds, projectId, rates } = scope
  const last = bounds[bounds.length - 1] as number
  const periods = bounds.length - 1
  const segment = segmentOf(database, scope)
  const reporting = rates.reporting

  // The changes of consecutive spans [span_start, span_end) with the neighbours each row carries
  // (neighbours.ts), each row's span and its ends as columns. SQLite reads them span by span through the
  // covering (project, at) index, joined on a list of spans: an expression per row costs it more than the
  // reading. PostgreSQL plans that join as a scan of the ledger per span, so it gets an expression instead.
  const cohort = sql`CASE WHEN first_paid_at >= ${bounds[0]} AND first_paid_at < ${last}
    THEN CAST(${periodIndex('first_paid_at', bounds)} AS TEXT) END`
  const columns = sql`revenue_changes.account_id, at, currency, ${PAID} AS paid, prev_at, prev_paid, prev_currency,
    next_at, first_paid_at, ${scope.cohorts ? cohort : segment.key} AS segment`
  const ledger = (spans: readonly (readonly [number, number])[]) => {
    if (database.dialect === 'sqlite') {
      return sql`WITH spans (k, span_start, span_end) AS (
          VALUES ${sql.join(spans.map(([from, to], k) => sql`(${sql.lit(k)}, ${sql.lit(from)}, ${sql.lit(to)})`))}
        )
        SELECT spans.k AS span, spans.span_start, spans.span_end, ${columns}
        FROM spans JOIN revenue_changes ON revenue_changes.project_id = ${projectId}
          AND revenue_changes.at >= spans.span_start AND revenue_changes.at < spans.span_end
        ${segment.join}`
    }
    const edges = [(spans[0] as readonly [number, number])[0], ...spans.map(([, to]) => to)]
    const endOf = (side: 0 | 1) =>
      sql`CASE span ${sql.join(
        spans.map((span, k) => sql`WHEN ${sql.lit(k)} THEN ${sql.lit(span[side])}`),
        sql` `,
      )} END`
    return sql`SELECT spanned.*, ${endOf(0)} AS span_start, ${endOf(1)} AS span_end FROM (
        SELECT ${periodIndex('at', edges)} AS span, ${columns} FROM revenue_changes ${segment.join}
        WHERE revenue_changes.project_id = ${projectId} AND at >= ${edges[0]} AND at < ${edges.at(-1)}
      ) AS spanned`
  }
  const periodSpans = bounds.slice(0, -1).map((bound, i) => [bound, bounds[i + 1] as number] as const)

  // Boundary 0: what each account pays when the range begins, its latest change before it, summed; the
  // deltas of all earlier changes would add up to the same, at the cost of grouping each one.
  const foreign = (paid: string, currency: string) =>
    sql`CASE WHEN ${sql.ref(paid)} > 0 AND ${sql.ref(currency)} <> ${reporting}`
  const held = sql`SELECT segment, 0 AS boundary, ${foreign('paid', 'currency')} THEN currency END AS add_currency,
      ${foreign('paid', 'currency')} THEN paid END AS add_value,
      CAST(NULL AS TEXT) AS drop_currency, CAST(NULL AS bigint) AS drop_value,
      SUM(CASE WHEN currency = ${reporting} THEN paid ELSE 0 END) AS total, COUNT(*) AS accounts, COUNT(*) AS n
    FROM (SELECT ${columns} FROM revenue_changes ${segment.join}
      WHERE revenue_changes.project_id = ${projectId} AND at < ${bounds[0]}
        AND (next_at IS NULL OR next_at >= ${bounds[0]})) AS ledger
    WHERE paid > 0 GROUP BY 1, 2, 3, 4, 5, 6`
  // Boundary i + 1: each change of period i adds its paid MRR and takes back the one it replaces, in the
  // reporting currency summed, in any other counted per amount (the add_ and drop_ columns), to be converted
  // at each period's rate.
  const deltas = sql<DeltaRow>`${held} UNION ALL SELECT segment, span + 1 AS boundary,
      ${foreign('paid', 'currency')} THEN currency END AS add_currency,
      ${foreign('paid', 'currency')} THEN paid END AS add_value,
      ${foreign('prev_paid', 'prev_currency')} THEN prev_currency END AS drop_currency,
      ${foreign('prev_paid', 'prev_currency')} THEN prev_paid END AS drop_value,
      SUM(CASE WHEN currency = ${reporting} THEN paid ELSE 0 END
        - CASE WHEN prev_currency = ${reporting} THEN prev_paid ELSE 0 END) AS total,
      SUM(CASE WHEN paid > 0 THEN 1 ELSE 0 END - CASE WHEN prev_paid > 0 THEN 1 ELSE 0 END) AS accounts,
      COUNT(*) AS n
    FROM (${ledger(periodSpans)}) AS ledger GROUP BY 1, 2, 3, 4, 5, 6`

  // Per account and period holding a change: its first change there says what it paid before (the start),
  // its last what it pays at the end.
  const sameCurrency = sql`(start_paid IS NULL OR start_paid = 0 OR start_currency = ${reporting})
    AND (end_paid = 0 OR end_currency = ${reporting})`
  const movements = sql<MovementRow>`WITH account_spans AS (
      SELECT segment, span AS period,
        MAX(CASE WHEN prev_at IS NULL OR prev_at < span_start THEN COALESCE(prev_paid, 0) END) AS start_paid,
        MAX(CASE WHEN prev_at IS NULL OR prev_at < span_start THEN prev_currency END) AS start_currency,
        MAX(CASE WHEN next_at IS NULL OR next_at >= span_end THEN paid END) AS end_paid,
        MAX(CASE WHEN next_at IS NULL OR next_at >= span_end THEN currency END) AS end_currency,
        MAX(CASE WHEN first_paid_at < span_start THEN 1 ELSE 0 END) AS paid_before
      FROM (${ledger(periodSpans)}) AS ledger GROUP BY span, account_id, segment
    ), moved AS (
      SELECT segment, period, start_paid AS s, end_paid AS e, paid_before, start_currency, end_currency,
        CASE WHEN ${sameCurrency} THEN 0 ELSE 1 END AS is_foreign
      FROM account_spans
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

  const [deltaRows, movementRows, whole] = await Promise.all([
    deltas.execute(database.reads),
    movements.execute(database.reads),
    scope.npsBucketAt === undefined
      ? undefined
      : revenueFigures(database, { ...scope, npsBucketAt: undefined }),
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
        reportingMrr += n(row.total)
        const count = n(row.n)
        if (row.add_currency !== null) {
          const amountKey = `${row.add_currency} ${n(row.add_value)}`
          held.set(amountKey, (held.get(amountKey) ?? 0) + count)
        }
        if (row.drop_currency !== null) {
          const amountKey = `${row.drop_currency} ${n(row.drop_value)}`
          held.set(amountKey, (held.get(amountKey) ?? 0) - count)
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
  if (whole) {
    const rest = withoutSegments(whole.get(WHOLE) ?? [], [...figures.values()])
    if (
      rest.some(({ movements, customers }) =>
        [...Object.values(movements), ...Object.values(customers)].some((v) => v !== 0),
      )
    ) {
      figures.set(NO_VALUE_SEGMENT, rest)
    }
  }
  if (scope.cohorts || scope.npsBucketAt !== undefined) return figures
  if (scope.trait === undefined) {
    periodsOf(WHOLE)
    return figures
  }
  return largestSegments(figures)
}

/** The whole's figures less those of some segments, period by period: every figure adds up over accounts. */
function withoutSegments(whole: PeriodFigures[], segments: PeriodFigures[][]): PeriodFigures[] {
  return whole.map((entry, period) => {
    const rest = { movements: { ...entry.movements }, customers: { ...entry.customers } }
    for (const segment of segments) {
      const part = segment[period]
      if (!part) continue
      for (const field of Object.keys(rest.movements) as (keyof MovementTotals)[]) {
        rest.movements[field] -= part.movements[field]
      }
      for (const field of Object.keys(rest.customers) as (keyof CustomerCounts)[]) {
        rest.customers[field] -= part.customers[field]
      }
    }
    return rest
  })
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
