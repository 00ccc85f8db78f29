import { query, type SqlWork } from '../../db/work'

/**
 * Withdraws a change the ledger holds for the future: a churn scheduled at a subscription period's end whose
 * cancellation was lifted before then. Only a change after `after` (the instant of the news) goes, so what
 * already happened is never rewritten; withdrawing one already gone changes nothing. The ledger's only DELETE:
 * anything kept per change from its neighbours must be brought up to date here as on insert.
 */
export function* withdrawChange(projectId: string, id: string, after: number): SqlWork<number> {
  const { changes } = yield* query('DELETE FROM revenue_changes WHERE project_id = ? AND id = ? AND at > ?', [
    projectId,
    id,
    after,
  ])
  return changes
}
