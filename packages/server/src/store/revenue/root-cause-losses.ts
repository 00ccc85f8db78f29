import { sql } from 'kysely'
import { NO_VALUE_SEGMENT } from '../score-queries'
import type { ExchangeRates } from './exchange'
import { type AccountMovement, accountMovements } from './movers'
import type { ReadDatabase } from './read-database'

export interface RootCauseLoss {
  /** A taxonomy key, or '(none)' for accounts without a detractor case that has a root cause. */
  rootCause: string
  accounts: number
  churn: number
  contraction: number
}

/**
 * Churned and contracted MRR of one period by the root cause of each account's most recent detractor case
 * (opened before the period's end) that has one: where the money lost meets what customers said. Largest loss
 * first.
 */
export async function lossesByRootCause(
  database: ReadDatabase,
  scope: {
    projectId: string
    start: number
    end: number
    rateMonth: string
    rates: ExchangeRates
    /** The period's accountMovements when the caller needs them for something else too. */
    moved?: Promise<AccountMovement[]>
  },
): Promise<RootCauseLoss[]> {
  const losses = (await (scope.moved ?? accountMovements(database, scope))).filter(
    (movement) => movement.kind === 'churn' || movement.kind === 'contraction',
  )
  if (losses.length === 0) return []
  const { rows } = await sql<{ account_id: string; root_cause: string }>`
    SELECT account_id, root_cause FROM (
      SELECT responses.account_id, cases.root_cause,
        ROW_NUMBER() OVER (PARTITION BY responses.account_id ORDER BY cases.created_at DESC) AS latest
      FROM cases JOIN responses ON responses.project_id = cases.project_id AND responses.id = cases.response_id
      WHERE cases.project_id = ${scope.projectId} AND cases.root_cause IS NOT NULL AND cases.created_at < ${scope.end}
        AND responses.account_id IN (${sql.join([...new Set(losses.map((loss) => loss.accountId))])})
    ) AS causes WHERE latest = 1`.execute(database.reads)
  const causeOf = new Map(rows.map((row) => [row.account_id, row.root_cause]))
  const byCause = new Map<string, RootCauseLoss>()
  for (const loss of losses) {
    const rootCause = causeOf.get(loss.accountId) ?? NO_VALUE_SEGMENT
    const entry = byCause.get(rootCause) ?? { rootCause, accounts: 0, churn: 0, contraction: 0 }
    entry.accounts++
    if (loss.kind === 'churn') entry.churn += loss.amount
    else entry.contraction += loss.amount
    byCause.set(rootCause, entry)
  }
  return [...byCause.values()].sort(
    (a, b) => b.churn + b.contraction - (a.churn + a.contraction) || (a.rootCause < b.rootCause ? -1 : 1),
  )
}
