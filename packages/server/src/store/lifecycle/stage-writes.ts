import type { LifecycleStage } from '@heed/shared/lifecycle/stages'
import { query, type SqlWork } from '../../db/work'

export interface StageChange {
  stage: LifecycleStage
  source: 'rule' | 'manual'
  reason: string | null
  setBy: string | null
}

/**
 * Moves an account to `change.stage` at `at`: closes its open history row, opens a new one and sets the
 * current stage. Nothing happens when the account is already in that stage from the same source, so a
 * recompute that decides the same thing again, or a retried manual change, adds no history. Returns whether it
 * moved.
 */
export function* moveToStage(
  projectId: string,
  accountId: string,
  change: StageChange,
  at: number,
): SqlWork<boolean> {
  const { rows } = yield* query<{
    stage: string
    source: string
    since: number | string
    reason: string | null
    set_by: string | null
  }>(
    'SELECT stage, source, since, reason, set_by FROM account_stages WHERE project_id = ? AND account_id = ?',
    [projectId, accountId],
  )
  const current = rows[0]
  const same =
    current !== undefined &&
    current.stage === change.stage &&
    current.source === change.source &&
    (change.source === 'rule' || (current.reason === change.reason && current.set_by === change.setBy))
  if (same) return false
  // Two moves in one millisecond would share a history key: the later one starts a millisecond after.
  const start = current && Number(current.since) >= at ? Number(current.since) + 1 : at
  yield* query(
    'UPDATE account_stage_history SET ended_at = ? WHERE project_id = ? AND account_id = ? AND ended_at IS NULL',
    [start, projectId, accountId],
  )
  yield* query(
    `INSERT INTO account_stage_history (project_id, account_id, started_at, stage, ended_at, source, reason, set_by)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
    [projectId, accountId, start, change.stage, change.source, change.reason, change.setBy],
  )
  yield* query(
    `INSERT INTO account_stages (project_id, account_id, stage, since, source, reason, set_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, account_id) DO UPDATE SET stage = excluded.stage, since = excluded.since,
       source = excluded.source, reason = excluded.reason, set_by = excluded.set_by`,
    [projectId, accountId, change.stage, start, change.source, change.reason, change.setBy],
  )
  return true
}
