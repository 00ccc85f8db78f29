import { type Ratio, ratio } from '@heed/shared/revenue/ratio'
import { sql } from 'kysely'
import { NO_VALUE_SEGMENT } from '../score-queries'
import { accountTrait } from './account-trait'
import type { ExchangeRates } from './exchange'
import type { ReadDatabase } from './read-database'

/** A cohort comparison: the accounts paying just before `baseAt`, compared just before `endAt`. */
export interface CohortPair {
  baseAt: number
  endAt: number
  /** The month ('YYYY-MM') whose rate values both ends. */
  rateMonth: string
}

export interface TrailingFigures {
  /** Accounts paying at the base, their MRR then, at the end, and at the end capped at the base. */
  accounts: number
  base: number
  end: number
  capped: number
}

export const trailingRates = (figures: TrailingFigures): { nrr: Ratio; grr: Ratio } => ({
  nrr: ratio(figures.end, figures.base),
  grr: ratio(figures.capped, figures.base),
})

const PAID = sql`CASE WHEN status = 'active' THEN mrr ELSE 0 END`
const n = (value: unknown) => Number(value ?? 0)

interface PairRow {
  k: number | string
  segment: string | null
  is_foreign: number | string
  accounts: number | string
  base: number | string
  fin: number | string
  capped: number | string
  base_currency: string | null
  end_currency: string | null
}

/**
 * Trailing retention per pair (trailing twelve months when each base is a year before its end): over the
 * accounts paying at the base, Σ MRR at the base, Σ MRR at the end, and Σ min(end, base). Summed in SQL for
 * accounts in the reporting currency at both ends; the others come back one row each, converted here at the
 * pair's rate. Per trait segment when `trait` is given ('' for the whole otherwise).
 */
export async function trailingFigures(
  database: ReadDatabase,
  scope: { projectId: string; pairs: readonly CohortPair[]; rates: ExchangeRates; trait?: string },
): Promise<Map<string, TrailingFigures[]>> {
  const result = new Map<string, TrailingFigures[]>()
  const entriesOf = (key: string) => {
    let entries = result.get(key)
    if (!entries) {
      entries = scope.pairs.map(() => ({ accounts: 0, base: 0, end: 0, capped: 0 }))
      result.set(key, entries)
    }
    return entries
  }
  if (scope.trait === undefined) entriesOf('')
  if (scope.pairs.length === 0) return result
  const reporting = scope.rates.reporting
  const latest = Math.max(...scope.pairs.map((pair) => pair.endAt))
  const segment = scope.trait === undefined ? sql`''` : accountTrait(database.dialect, scope.trait)
  const join =
    scope.trait === undefined
      ? sql``
      : sql`LEFT JOIN accounts ON accounts.project_id = revenue_changes.project_id AND accounts.id = revenue_changes.account_id`
  const pairs = sql.join(
    scope.pairs.map((pair, k) => sql`(${sql.lit(k)}, ${sql.lit(pair.baseAt)}, ${sql.lit(pair.endAt)})`),
  )
  const { rows } = await sql<PairRow>`WITH ledger AS (
      SELECT revenue_changes.account_id, at, currency, ${PAID} AS paid, ${segment} AS segment, next_at
      FROM revenue_changes ${join}
      WHERE revenue_changes.project_id = ${scope.projectId} AND at < ${latest}
    ), pairs (k, base_at, end_at) AS (VALUES ${pairs}),
    based AS (
      SELECT pairs.k, pairs.end_at, b.account_id, b.segment, b.paid AS base, b.currency AS base_currency
      FROM pairs JOIN ledger b ON b.at < pairs.base_at AND (b.next_at IS NULL OR b.next_at >= pairs.base_at)
      WHERE b.paid > 0
    ), ended AS (
      SELECT based.k, based.segment, based.base, based.base_currency, COALESCE(e.paid, 0) AS fin,
        e.currency AS end_currency
      FROM based LEFT JOIN ledger e ON e.account_id = based.account_id AND e.at < based.end_at
        AND (e.next_at IS NULL OR e.next_at >= based.end_at)
    )
    SELECT k, segment, 0 AS is_foreign, COUNT(*) AS accounts, SUM(base) AS base, SUM(fin) AS fin,
      SUM(CASE WHEN fin < base THEN fin ELSE base END) AS capped,
      CAST(NULL AS TEXT) AS base_currency, CAST(NULL AS TEXT) AS end_currency
    FROM ended WHERE base_currency = ${reporting} AND (fin = 0 OR end_currency = ${reporting})
    GROUP BY k, segment
    UNION ALL
    SELECT k, segment, 1, 1, base, fin, 0, base_currency, end_currency
    FROM ended WHERE NOT (base_currency = ${reporting} AND (fin = 0 OR end_currency = ${reporting}))`.execute(
    database.reads,
  )
  for (const row of rows) {
    const key = scope.trait === undefined ? '' : (row.segment ?? NO_VALUE_SEGMENT)
    const entry = entriesOf(key)[n(row.k)]
    if (!entry) continue
    if (n(row.is_foreign) === 0) {
      entry.accounts += n(row.accounts)
      entry.base += n(row.base)
      entry.end += n(row.fin)
      entry.capped += n(row.capped)
      continue
    }
    const month = scope.pairs[n(row.k)]?.rateMonth as string
    const base = scope.rates.convert(n(row.base), row.base_currency ?? reporting, month)
    const end = scope.rates.convert(n(row.fin), row.end_currency ?? reporting, month)
    entry.accounts += 1
    entry.base += base
    entry.end += end
    entry.capped += Math.min(base, end)
  }
  return result
}
