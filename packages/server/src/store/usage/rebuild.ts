import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { type ChunkOutcome, JOB_COLUMNS, type JobRow } from '../jobs'
import { lockRows } from '../people'
import { seqOf } from './catch-up'
import { addFeatureUses, catalogueMatcherWork, type UsageEvent } from './rollup-write'

/**
 * Counts the feature uses of the next `size` events after the job's cursor, by event id, and moves the
 * cursor past them, in one transaction; a server that stops between chunks goes on after the last committed
 * one. Ids are an order new events cannot disturb. The usage catch-up (catch-up.ts) is the other counter: it
 * counts an event's uses only when its id is at or behind the cursor (see featureWriteScope), and this job
 * only those of events the catch-up has passed (at or before the project's watermark), so each event is
 * counted once, by one or the other. On PostgreSQL the watermark row is share-locked and then the job row
 * locked for the chunk, in the order the catch-up locks them, so the two never see different positions.
 */
export function* featureRebuildChunkWork(
  dialect: DialectName,
  jobId: string,
  size: number,
  now: number,
): SqlWork<ChunkOutcome> {
  const { rows: head } = yield* query<{ project_id: string }>('SELECT project_id FROM jobs WHERE id = ?', [
    jobId,
  ])
  const projectId = head[0]?.project_id
  if (projectId === undefined) return 'not-running'
  const { rows: marks } = yield* query<{ seq: number | string }>(
    `SELECT seq FROM usage_watermarks WHERE project_id = ?${dialect === 'postgres' ? ' FOR SHARE' : ''}`,
    [projectId],
  )
  const watermark = Number(marks[0]?.seq ?? 0)
  const { rows: jobs } = yield* query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?${lockRows(dialect)}`,
    [jobId],
  )
  const job = jobs[0]
  if (job?.status !== 'running') return 'not-running'
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
    `SELECT ${seqOf(dialect)} AS seq, id, person_id, account_id, occurred_at, type, name, page_path, url FROM events
WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?`,
    [job.project_id, job.cursor ?? '', size],
  )
  const events: UsageEvent[] = rows
    .filter((row) => Number(row.seq) <= watermark)
    .map((row) => ({
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
