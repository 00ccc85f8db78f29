import { sql } from 'kysely'
import type { ExchangeRates } from './exchange'
import type { ReadDatabase } from './read-database'

/**
 * Revenue at risk: the MRR, just before `at`, of the accounts with a detractor case still open (open or
 * contacted), and how many such accounts pay. Each account counted once however many cases it has.
 */
export async function revenueAtRisk(
  database: ReadDatabase,
  scope: { projectId: string; at: number; rateMonth: string; rates: ExchangeRates },
): Promise<{ accounts: number; mrr: number }> {
  const { rows } = await sql<{ account_id: string; paid: number | string; currency: string }>`
    WITH risky AS (
      SELECT DISTINCT responses.account_id FROM cases
      JOIN responses ON responses.project_id = cases.project_id AND responses.id = cases.response_id
      WHERE cases.project_id = ${scope.projectId} AND cases.status IN ('open', 'contacted')
        AND responses.account_id IS NOT NULL
    )
    SELECT risky.account_id, CASE WHEN latest.status = 'active' THEN latest.mrr ELSE 0 END AS paid, latest.currency
    FROM risky JOIN revenue_changes latest ON latest.project_id = ${scope.projectId}
      AND latest.account_id = risky.account_id
      AND latest.at = (SELECT MAX(at) FROM revenue_changes c WHERE c.project_id = ${scope.projectId}
        AND c.account_id = risky.account_id AND c.at < ${scope.at})`.execute(database.reads)
  let mrr = 0
  let accounts = 0
  for (const row of rows) {
    const paid = scope.rates.convert(Number(row.paid), row.currency, scope.rateMonth)
    if (paid === 0) continue
    accounts++
    mrr += paid
  }
  return { accounts, mrr }
}
