import type { LifecycleStage } from '@heed/shared/lifecycle/stages'
import type { HeedDatabase } from '../../db/open'
import { query } from '../../db/work'
import { moveToStage } from './stage-writes'

/**
 * A CSM's decision: puts the account in `stage` by hand with a reason (kept until handed back to the rules,
 * or a cancellation), or with `stage: 'auto'` hands it back to the rules, which decide at the next
 * recompute. Returns false when the account does not exist.
 */
export function setStageByHand(
  database: HeedDatabase,
  projectId: string,
  accountId: string,
  change: { stage: LifecycleStage | 'auto'; reason: string; setBy: string },
  at: number,
): Promise<boolean> {
  return database.transact(function* () {
    const { rows } = yield* query('SELECT id FROM accounts WHERE project_id = ? AND id = ?', [
      projectId,
      accountId,
    ])
    if (rows.length === 0) return false
    if (change.stage === 'auto') {
      yield* query(
        `UPDATE account_stages SET source = 'rule', reason = ?, set_by = ? WHERE project_id = ? AND account_id = ?
         AND source = 'manual'`,
        [`Handed back to the rules: ${change.reason}`, change.setBy, projectId, accountId],
      )
      return true
    }
    yield* moveToStage(
      projectId,
      accountId,
      { stage: change.stage, source: 'manual', reason: change.reason, setBy: change.setBy },
      at,
    )
    return true
  })
}
