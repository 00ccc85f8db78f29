import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { type ChunkOutcome, JOB_COLUMNS, type JobRow } from '../jobs'
import { lockRows } from '../people'
import { addFeatureUses, catalogueMatcherWork, type UsageEvent } from './rollup-write'

/**
 * Counts the feature uses of the next `size` events after the job's cursor, by event id, and moves the
 * cursor past them, in one transaction; a server that stops between chunks goes on after the last committed
 * one. Ids are an order new events cannot disturb: while the job runs, the write path counts an event's uses
 * only when its id is at or behind the cursor (see featureWriteScope), so each event is counted once, by one
 * or the other. The job row is locked for the chunk, and batches share-lock it, so on PostgreSQL a batch and
 * a chunk never see different cursors.
 */
export function* featureRebuildChunkWork(
  dialect: DialectName,
  jobId: string,
  size: number,
  now: number,
): SqlWork<ChunkOutcome> {
  const { rows: jobs } = yield* query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?${lockRows(dialect)}`,
    [jobId],
  )
  const job = jobs[0]
  if (job?.status !== 'running') return 'not-running'
  const { rows } = yield* query<{
    id: string
    person_id: string | null
    account_id: string | null
    occurred_at: number | string
    type: string
    name: string
    page_path: string | null
    url: string | null
  }>(
    `SELECT id, person_id, account_id, occurred_at, type, name, page_path, url FROM events
WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?`,
    [job.project_id, job.cursor ?? '', size],
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
  yield* addFeatureUses(job.project_id, events, yield* catalogueMatcherWork(job.project_id))
  const done = Number(job.done) + rows.length
  const cursor = rows.at(-1)?.id ?? job.cursor
  if (rows.length < size) {
    yield* query(
      `UPDATE jobs SET status = 'done', cursor = ?, done = ?, total = ?, error = NULL, updated_at = ?,
finished_at = ? WHERE id = ?`,
      [cursor, done, done, now, now, jobId],
    )
    return 'finished'
  }
  yield* query('UPDATE jobs SET cursor = ?, done = ?, total = ?, error = NULL, updated_at = ? WHERE id = ?', [
    cursor,
    done,
    Math.max(Number(job.total), done),
    now,
    jobId,
  ])
  return 'more'
}
