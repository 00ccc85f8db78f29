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
  yield* lockActors(dialect, projectId, [{ kind, actor }])
}

/**
 * lockActor for many actors in one statement, in the order given (unnest yields an array's elements in order):
 * callers sort them, so that two transactions locking some of the same actors take them in one order and
 * never wait for each other in a cycle.
 */
export function* lockActors(
  dialect: DialectName,
  projectId: string,
  actors: ReadonlyArray<{ kind: string; actor: string }>,
): SqlWork<void> {
  if (dialect !== 'postgres' || actors.length === 0) return
  yield* query(
    'SELECT COUNT(pg_advisory_xact_lock(hashtext(k))) AS locked FROM unnest(CAST(? AS text[])) AS u(k)',
    [actors.map(({ kind, actor }) => `usage ${projectId} ${kind} ${actor}`)],
  )
}
