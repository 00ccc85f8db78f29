import type { HealthExplanation } from '@heed/shared/health/explanation'
import type { Kysely } from 'kysely'
import type { Database, HealthBand } from '../../db/schema'

export interface LatestHealth {
  accountId: string
  score: number | null
  band: HealthBand | null
  explanation: HealthExplanation
  computedAt: number
}

/** Bound parameters per statement stay well under SQLite's and PostgreSQL's limits. */
const CHUNK = 500

/**
 * The latest stored health of the given accounts, by account id; accounts never scored are absent.
 * `db` may be the analytics reads' Kysely or the main one.
 */
export async function latestHealth(
  db: Kysely<Database>,
  projectId: string,
  accountIds: readonly string[],
): Promise<Map<string, LatestHealth>> {
  const found = new Map<string, LatestHealth>()
  for (let i = 0; i < accountIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('account_health')
      .select(['account_id', 'score', 'band', 'explanation', 'computed_at'])
      .where('project_id', '=', projectId)
      .where('account_id', 'in', accountIds.slice(i, i + CHUNK))
      .execute()
    for (const row of rows) {
      found.set(row.account_id, {
        accountId: row.account_id,
        score: row.score === null ? null : Number(row.score),
        band: row.band,
        explanation: JSON.parse(row.explanation) as HealthExplanation,
        computedAt: Number(row.computed_at),
      })
    }
  }
  return found
}
