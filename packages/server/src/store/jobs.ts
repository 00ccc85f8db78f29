import type { SurveyKind } from '@heed/shared/scores/scales'
import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import type { JobKind, JobStatus } from '../db/schema'
import { query, type SqlWork } from '../db/work'
import { tagResponseComment } from './comment-tags'
import { newId } from './ids'
import { lockRows } from './people'
import { taxonomyWork } from './taxonomy'

export interface JobRecord {
  id: string
  kind: JobKind
  /** A segment backfill's trait; null for a re-tag. */
  subject: string | null
  status: JobStatus
  done: number
  total: number
  error: string | null
  startedAt: number
  updatedAt: number
  finishedAt: number | null
}

export interface JobRow {
  id: string
  project_id: string
  kind: JobKind
  subject: string | null
  cursor: string | null
  status: JobStatus
  done: number
  total: number
  error: string | null
  started_at: number
  updated_at: number
  finished_at: number | null
}

export const toJobRecord = (row: JobRow): JobRecord => ({
  id: row.id,
  kind: row.kind,
  subject: row.subject,
  status: row.status,
  done: Number(row.done),
  total: Number(row.total),
  error: row.error,
  startedAt: Number(row.started_at),
  updatedAt: Number(row.updated_at),
  finishedAt: row.finished_at === null ? null : Number(row.finished_at),
})

export const JOB_COLUMNS =
  'id, project_id, kind, subject, cursor, status, done, total, error, started_at, updated_at, finished_at'

const COUNT_COMMENTS = 'SELECT COUNT(*) AS n FROM responses WHERE project_id = ? AND comment IS NOT NULL'

/**
 * Asks for the project's comments to be tagged again, in the caller's transaction (a taxonomy change and its
 * re-tag commit together). A re-tag already running starts over from the first comment, since what it did
 * so far used the old taxonomy; so a project has one running re-tag at most, and its id stays the same.
 */
export function* startRetagWork(dialect: DialectName, projectId: string, now: number): SqlWork<JobRecord> {
  const { rows: counted } = yield* query<{ n: number | string }>(COUNT_COMMENTS, [projectId])
  const total = Number(counted[0]?.n ?? 0)
  const { rows } = yield* query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM jobs WHERE project_id = ? AND kind = 'retag' AND status = 'running'
ORDER BY started_at LIMIT 1${lockRows(dialect)}`,
    [projectId],
  )
  const running = rows[0]
  if (running) {
    yield* query(
      'UPDATE jobs SET cursor = NULL, done = 0, total = ?, error = NULL, updated_at = ? WHERE id = ?',
      [total, now, running.id],
    )
    return toJobRecord({ ...running, cursor: null, done: 0, total, error: null, updated_at: now })
  }
  const job: JobRow = {
    id: newId('job'),
    project_id: projectId,
    kind: 'retag',
    subject: null,
    cursor: null,
    status: 'running',
    done: 0,
    total,
    error: null,
    started_at: now,
    updated_at: now,
    finished_at: null,
  }
  yield* query(
    `INSERT INTO jobs (id, project_id, kind, cursor, status, done, total, started_at, updated_at)
VALUES (?, ?, ?, NULL, ?, 0, ?, ?, ?)`,
    [job.id, projectId, job.kind, job.status, total, now, now],
  )
  return toJobRecord(job)
}

export function startRetag(database: HeedDatabase, projectId: string, now: number): Promise<JobRecord> {
  return database.transact((dialect) => startRetagWork(dialect, projectId, now))
}

export async function findJob(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<JobRecord | undefined> {
  const row = await database.db
    .selectFrom('jobs')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toJobRecord(row)
}

/** Every project's running jobs, the least recently advanced first, so no project's job starves. */
export function runningJobs(database: HeedDatabase): Promise<Array<{ id: string; kind: JobKind }>> {
  return database.db
    .selectFrom('jobs')
    .select(['id', 'kind'])
    .where('status', '=', 'running')
    .orderBy('updated_at')
    .execute()
}

export type ChunkOutcome = 'more' | 'finished' | 'not-running'

/**
 * Tags the next `size` comments of a re-tag job after its cursor and moves the cursor past them, in one
 * transaction: a server that stops between chunks goes on after the last committed one, and no comment is
 * skipped. The job row is locked first, so two servers working on one job take turns rather than repeat.
 * Comments go by response id, an order new answers cannot disturb (one arriving behind the cursor was
 * tagged on arrival with the same taxonomy).
 */
export function* retagChunkWork(
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
  const taxonomy = yield* taxonomyWork(job.project_id)
  const { rows } = yield* query<{
    id: string
    comment: string
    score: number | null
    kind: SurveyKind | null
  }>(
    `SELECT r.id, r.comment, r.score, s.kind FROM responses r
LEFT JOIN surveys s ON s.project_id = r.project_id AND s.id = r.survey_id
WHERE r.project_id = ? AND r.comment IS NOT NULL AND r.id > ?
ORDER BY r.id LIMIT ?`,
    [job.project_id, job.cursor ?? '', size],
  )
  for (const row of rows) {
    const rating =
      row.score === null || row.kind === null ? undefined : { kind: row.kind, score: Number(row.score) }
    yield* tagResponseComment(job.project_id, row.id, row.comment, taxonomy, now, rating)
  }
  const done = Number(job.done) + rows.length
  const total = Math.max(Number(job.total), done)
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
    total,
    now,
    jobId,
  ])
  return 'more'
}

/** Notes a chunk's failure on the job for people to see; the job stays running and is tried again. */
export async function noteJobError(database: HeedDatabase, jobId: string, message: string, now: number) {
  await database.db
    .updateTable('jobs')
    .set({ error: message.slice(0, 500), updated_at: now })
    .where('id', '=', jobId)
    .execute()
}
