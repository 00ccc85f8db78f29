import type { LifecycleStage } from '@heed/shared/lifecycle/stages'
import type { ReadDatabase } from '../revenue/read-database'

export interface StageStay {
  stage: LifecycleStage
  startedAt: number
  endedAt: number | null
  source: 'rule' | 'manual'
  reason: string | null
  setBy: string | null
}

/** Every stage the account went through, newest first. */
export async function stageHistory(
  database: ReadDatabase,
  projectId: string,
  accountId: string,
): Promise<StageStay[]> {
  const rows = await database.reads
    .selectFrom('account_stage_history')
    .select(['stage', 'started_at', 'ended_at', 'source', 'reason', 'set_by'])
    .where('project_id', '=', projectId)
    .where('account_id', '=', accountId)
    .orderBy('started_at', 'desc')
    .execute()
  return rows.map((row) => ({
    stage: row.stage,
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    source: row.source,
    reason: row.reason,
    setBy: row.set_by,
  }))
}
