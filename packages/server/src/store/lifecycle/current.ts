import type { Kysely } from 'kysely'
import type { Database, LifecycleStageName } from '../../db/schema'

export interface CurrentStage {
  accountId: string
  stage: LifecycleStageName
  since: number
  source: 'rule' | 'manual'
  reason: string | null
  setBy: string | null
}

const CHUNK = 500

/** The current lifecycle stage of the given accounts, by account id; accounts never staged are absent. */
export async function currentStages(
  db: Kysely<Database>,
  projectId: string,
  accountIds: readonly string[],
): Promise<Map<string, CurrentStage>> {
  const found = new Map<string, CurrentStage>()
  for (let i = 0; i < accountIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('account_stages')
      .select(['account_id', 'stage', 'since', 'source', 'reason', 'set_by'])
      .where('project_id', '=', projectId)
      .where('account_id', 'in', accountIds.slice(i, i + CHUNK))
      .execute()
    for (const row of rows) {
      found.set(row.account_id, {
        accountId: row.account_id,
        stage: row.stage,
        since: Number(row.since),
        source: row.source,
        reason: row.reason,
        setBy: row.set_by,
      })
    }
  }
  return found
}
