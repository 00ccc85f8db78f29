import { query, type SqlWork } from '../../db/work'
import { keepingMonthTotals } from './month-totals'
import { unlinkChange } from './neighbours'

/**
 * Withdraws a change the ledger holds for the future: a churn scheduled at a subscription period's end whose
 * cancellation was lifted before then. Only a change after `after` (the instant of the news) goes, so what
 * already happened is never rewritten; withdrawing one already gone changes nothing. The ledger's only DELETE,
 * so it also closes the gap in the neighbours each change keeps (see neighbours.ts) and updates the month
 * totals (month-totals.ts).
 */
export function* withdrawChange(projectId: string, id: string, after: number): SqlWork<number> {
  const { rows } = yield* query<{
    account_id: string
    at: number | string
    first_paid_at: number | string | null
  }>('SELECT account_id, at, first_paid_at FROM revenue_changes WHERE project_id = ? AND id = ? AND at > ?', [
    projectId,
    id,
    after,
  ])
  const removed = rows[0]
  if (!removed) return 0
  yield* keepingMonthTotals(
    projectId,
    [removed.account_id],
    (function* () {
      yield* query('DELETE FROM revenue_changes WHERE project_id = ? AND id = ?', [projectId, id])
      yield* unlinkChange(projectId, {
        accountId: removed.account_id,
        at: Number(removed.at),
        firstPaidAt: removed.first_paid_at === null ? null : Number(removed.first_paid_at),
      })
    })(),
  )
  return 1
}
