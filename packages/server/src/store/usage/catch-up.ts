import { sql } from 'kysely'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { defineWrite } from '../../db/write'
import { lockRows } from '../people'
import { addEventsToUsage, type UsageEvent } from './rollup-write'
import { rebuildUsageZone } from './zone-rebuild'

/** The events' storing order: SQLite's rowid, PostgreSQL's identity column (see the usage-watermark migration). */
export const seqOf = (dialect: DialectName) => (dialect === 'postgres' ? 'seq' : 'rowid')

/**
 * Storing positions one chunk looks through: events of other projects share the order, so a chunk reads a
 * bounded range and moves past it even when few of the range's events are the project's.
 */
const WINDOW = 20_000

export interface CatchUpChunk {
  /** Events of the project folded into the rollups by this chunk. */
  folded: number
  /** Whether stored events are left beyond the watermark (as far as `bound` reaches). */
  more: boolean
}

/**
 * Folds the project's next events after its watermark, up to `size`, into the usage rollups and moves the
 * watermark past them in the same transaction, so each event is counted exactly once whatever stops the
 * server. `bound` is the last storing position known to be settled (PostgreSQL's identity values are taken
 * before commit, see usageBoundWork); SQLite's single writer settles every stored position, so it passes
 * null and the chunk reads the last one itself.
 */
export const CATCH_UP_USAGE = defineWrite(
  'catchUpUsage',
  function* (dialect, projectId: string, size: number, bound: number | null): SqlWork<CatchUpChunk> {
    const seq = seqOf(dialect)
    yield* query(
      'INSERT INTO usage_watermarks (project_id, seq) VALUES (?, 0) ON CONFLICT (project_id) DO NOTHING',
      [projectId],
    )
    const { rows: marks } = yield* query<{ seq: number | string }>(
      `SELECT seq FROM usage_watermarks WHERE project_id = ?${lockRows(dialect)}`,
      [projectId],
    )
    const from = Number(marks[0]?.seq ?? 0)
    const top = bound ?? (yield* lastStored(dialect))
    if (top <= from) return { folded: 0, more: false }
    const to = Math.min(top, from + WINDOW)
    // `+project_id` keeps SQLite off the indexes that start with the project, which would read all of its
    // events to find the range's (PostgreSQL has no unary plus on text, and takes the range on events_seq).
    const { rows } = yield* query<{
      seq: number | string
      id: string
      person_id: string | null
      account_id: string | null
      occurred_at: number | string
      type: string
      name: string
      page_path: string | null
      url: string | null
    }>(
      `SELECT ${seq} AS seq, id, person_id, account_id, occurred_at, type, name, page_path, url FROM events
WHERE ${seq} > ? AND ${seq} <= ? AND ${dialect === 'sqlite' ? '+' : ''}project_id = ? ORDER BY ${seq} LIMIT ?`,
      [from, to, projectId, size],
    )
    const events: UsageEvent[] = rows.map((row) => ({
      id: row.id,
      personId: row.person_id,
      accountId: row.account_id,
      at: Number(row.occurred_at),
      type: row.type,
      name: row.name,
      pagePath: row.page_path,
      url: row.url,
    }))
    yield* addEventsToUsage(dialect, projectId, events)
    const reached = rows.length === size ? Number(rows.at(-1)?.seq) : to
    yield* query('UPDATE usage_watermarks SET seq = ? WHERE project_id = ?', [reached, projectId])
    return { folded: rows.length, more: reached < top }
  },
  (_projectId, size) => size,
)

function* lastStored(dialect: DialectName): SqlWork<number> {
  const { rows } = yield* query<{ top: number | string | null }>(
    `SELECT MAX(${seqOf(dialect)}) AS top FROM events`,
    [],
  )
  return Number(rows[0]?.top ?? 0)
}

/**
 * On PostgreSQL an identity value is taken before its transaction commits, so a later value can be visible
 * while an earlier one is not yet. Every event batch share-locks its project's row before storing (see
 * RECORD_EVENTS); taking the row for update waits out the project's batches in flight, after which every
 * position up to the last stored one is settled for this project, and later batches take larger ones.
 */
export function* usageBoundWork(projectId: string): SqlWork<number> {
  yield* query('SELECT id FROM projects WHERE id = ? FOR UPDATE', [projectId])
  return yield* lastStored('postgres')
}

/** Events stored but not yet in the project's usage rollups (their figures cover the others). */
export async function usageLagEvents(database: HeedDatabase, projectId: string): Promise<number> {
  const seq = sql.raw(seqOf(database.dialect))
  // By storing order, as the catch-up reads (see CATCH_UP_USAGE): only the events after the watermark.
  const project = sql.raw(database.dialect === 'sqlite' ? '+project_id' : 'project_id')
  const { rows } = await sql<{ lag: number | string }>`SELECT COUNT(*) AS lag FROM events
WHERE ${project} = ${projectId}
AND ${seq} > COALESCE((SELECT seq FROM usage_watermarks WHERE project_id = ${projectId}), 0)`.execute(
    database.reads,
  )
  return Number(rows[0]?.lag ?? 0)
}

/**
 * Whether the project has a stored event after its watermark: read without a lock or the writer, so that an
 * idle project costs the catch-up worker no write (an event whose batch is still committing is seen later).
 * On the main connection rather than a reader thread: the worker asks every second, and a reader thread kept
 * busy by it would never be ended for idling (see READER_IDLE_MS), holding ~20 MiB in a server that only
 * ingests. One row by the storing order's key takes microseconds.
 */
export async function hasUnfoldedEvents(database: HeedDatabase, projectId: string): Promise<boolean> {
  const seq = sql.raw(seqOf(database.dialect))
  const project = sql.raw(database.dialect === 'sqlite' ? '+project_id' : 'project_id')
  const { rows } = await sql<{ found: number }>`SELECT 1 AS found FROM events
WHERE ${project} = ${projectId}
AND ${seq} > COALESCE((SELECT seq FROM usage_watermarks WHERE project_id = ${projectId}), 0) LIMIT 1`.execute(
    database.db,
  )
  return rows.length > 0
}

/**
 * Folds chunks until the project's rollups hold every event stored before the call, and its time zone's
 * rollups are built (see zone-rebuild.ts); returns how many events were folded.
 */
export async function catchUpUsage(database: HeedDatabase, projectId: string, size = 1_000): Promise<number> {
  let folded = 0
  for (;;) {
    const bound =
      database.dialect === 'postgres' ? await database.transact(() => usageBoundWork(projectId)) : null
    const chunk = await database.write(CATCH_UP_USAGE, projectId, size, bound)
    folded += chunk.folded
    if (!chunk.more) break
  }
  await rebuildUsageZone(database, projectId)
  return folded
}
