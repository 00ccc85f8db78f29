import { sql } from 'kysely'
import { NO_VALUE_SEGMENT } from '../score-queries'
import { accountTrait } from './account-trait'
import type { ReadDatabase } from './read-database'

/** Counts behind a period's renewal rate and trial conversion (see shared/revenue/renewals.ts). */
export interface RenewalFigures {
  due: number
  renewed: number
  started: number
  converted: number
}

interface Row {
  kind: 'renewal' | 'trial'
  k: number | string
  segment: string | null
  total: number | string
  hits: number | string | null
}

const n = (value: unknown) => Number(value ?? 0)

/**
 * Per period [bounds[k], bounds[k+1]), the accounts due to renew and those that renewed (renewalOf), and the
 * trials started and those converted by `asOf` (trialOf), counted in SQL. Per trait segment when `trait` is
 * given ('' for the whole otherwise).
 */
export async function renewalFigures(
  database: ReadDatabase,
  scope: { projectId: string; bounds: readonly number[]; asOf: number; trait?: string },
): Promise<Map<string, RenewalFigures[]>> {
  const periods = scope.bounds.length - 1
  const result = new Map<string, RenewalFigures[]>()
  const entriesOf = (key: string) => {
    let entries = result.get(key)
    if (!entries) {
      entries = Array.from({ length: periods }, () => ({ due: 0, renewed: 0, started: 0, converted: 0 }))
      result.set(key, entries)
    }
    return entries
  }
  if (scope.trait === undefined) entriesOf('')
  if (periods < 1) return result
  const until = Math.max(scope.asOf, scope.bounds.at(-1) as number)
  const segment = scope.trait === undefined ? sql`''` : accountTrait(database.dialect, scope.trait)
  const join =
    scope.trait === undefined
      ? sql``
      : sql`LEFT JOIN accounts ON accounts.project_id = revenue_changes.project_id AND accounts.id = revenue_changes.account_id`
  const values = sql.join(
    scope.bounds
      .slice(0, -1)
      .map((start, k) => sql`(${sql.lit(k)}, ${sql.lit(start)}, ${sql.lit(scope.bounds[k + 1] as number)})`),
  )
  const { rows } = await sql<Row>`WITH ledger AS (
      SELECT revenue_changes.account_id, at, ${segment} AS segment, renews_at,
        CASE WHEN status = 'active' AND mrr > 0 THEN 1 ELSE 0 END AS pays,
        LEAD(at) OVER (PARTITION BY revenue_changes.account_id ORDER BY at) AS next_at,
        MIN(CASE WHEN status = 'trial' THEN at END) OVER (PARTITION BY revenue_changes.account_id) AS first_trial
      FROM revenue_changes ${join}
      WHERE revenue_changes.project_id = ${scope.projectId} AND at < ${until}
    ), periods (k, start_at, end_at) AS (VALUES ${values}),
    due AS (
      SELECT periods.k, periods.end_at, d.account_id, d.segment
      FROM periods JOIN ledger d ON d.at < periods.start_at AND (d.next_at IS NULL OR d.next_at >= periods.start_at)
      WHERE d.pays = 1 AND d.renews_at >= periods.start_at AND d.renews_at < periods.end_at
    )
    SELECT 'renewal' AS kind, due.k, due.segment, COUNT(*) AS total, SUM(COALESCE(e.pays, 0)) AS hits
    FROM due LEFT JOIN ledger e ON e.account_id = due.account_id AND e.at < due.end_at
      AND (e.next_at IS NULL OR e.next_at >= due.end_at)
    GROUP BY due.k, due.segment
    UNION ALL
    SELECT 'trial', periods.k, t.segment, COUNT(*),
      SUM(CASE WHEN EXISTS (SELECT 1 FROM ledger c WHERE c.account_id = t.account_id AND c.at > t.at
        AND c.at < ${scope.asOf} AND c.pays = 1) THEN 1 ELSE 0 END)
    FROM periods JOIN ledger t ON t.at = t.first_trial AND t.at >= periods.start_at AND t.at < periods.end_at
    GROUP BY periods.k, t.segment`.execute(database.reads)
  for (const row of rows) {
    const key = scope.trait === undefined ? '' : (row.segment ?? NO_VALUE_SEGMENT)
    const entry = entriesOf(key)[n(row.k)]
    if (!entry) continue
    if (row.kind === 'renewal') {
      entry.due += n(row.total)
      entry.renewed += n(row.hits)
    } else {
      entry.started += n(row.total)
      entry.converted += n(row.hits)
    }
  }
  return result
}
