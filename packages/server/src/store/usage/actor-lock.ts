import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'

/**
 * On PostgreSQL, makes the transactions that update one person's or account's rollups (days, sessions) take
 * turns until commit, so each reads what the other wrote: two batches of one person may arrive at once. SQLite
 * runs one write at a time already.
 */
export function* lockActor(
  dialect: DialectName,
  projectId: string,
  kind: string,
  actor: string,
): SqlWork<void> {
  if (dialect !== 'postgres') return
  yield* query('SELECT pg_advisory_xact_lock(hashtext(?)) AS locked', [`usage ${projectId} ${kind} ${actor}`])
}
