import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { type ChunkOutcome, JOB_COLUMNS, type JobRow } from '../jobs'
import { lockRows } from '../people'
import { SCORE_COLUMNS, SLOT_MS, SLOTS_PER_DAY } from '../rollups'
import { traitSnapshotValueKeySql } from './value-key-sql'

const DAY_MS = SLOTS_PER_DAY * SLOT_MS

const SCORE_SUMS = SCORE_COLUMNS.map((_, score) => `SUM(CASE WHEN score = ${score} THEN 1 ELSE 0 END)`)
const COUNTERS = SCORE_COLUMNS.join(', ')

const FIRST_ANSWER_FROM =
  'SELECT MIN(created_at) AS at FROM responses WHERE project_id = ? AND score IS NOT NULL AND created_at >= ?'

/**
 * Counts the answers of `days` UTC days into a segment's rollups, from the day in the job's cursor, and moves
 * the cursor to the next day with answers; the last chunk marks the segment ready. One transaction: a server
 * that stops between chunks goes on after the last committed one. The chunk rewrites its days from the
 * answers themselves, so answers the write path already counted there (it counts every declared segment,
 * ready or not) are counted once. On PostgreSQL the segment rollups are locked for the chunk, so an answer
 * committing meanwhile adds to them after the rewrite, never into rows the rewrite replaces.
 */
export function* segmentBackfillChunkWork(
  dialect: DialectName,
  jobId: string,
  days: number,
  now: number,
): SqlWork<ChunkOutcome> {
  const { rows: jobs } = yield* query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?${lockRows(dialect)}`,
    [jobId],
  )
  const job = jobs[0]
  if (job?.status !== 'running' || job.subject === null) return 'not-running'
  const projectId = job.project_id
  const trait = job.subject
  const finish = function* (done: number) {
    yield* query(
      `UPDATE jobs SET status = 'done', done = ?, total = ?, error = NULL, updated_at = ?, finished_at = ?
WHERE id = ?`,
      [done, done, now, now, jobId],
    )
    yield* query('UPDATE project_segments SET ready_at = ? WHERE project_id = ? AND trait = ?', [
      now,
      projectId,
      trait,
    ])
    return 'finished' as const
  }

  const fromDay =
    job.cursor === null ? yield* nextAnswerDay(projectId, 0) : (Number(job.cursor) as number | undefined)
  if (fromDay === undefined) return yield* finish(Number(job.done))
  const toDay = fromDay + days
  if (dialect === 'postgres')
    yield* query('LOCK TABLE segment_rollups, segment_day_rollups IN SHARE ROW EXCLUSIVE MODE', [])

  const [slotFrom, slotTo] = [fromDay * SLOTS_PER_DAY, toDay * SLOTS_PER_DAY]
  yield* query('DELETE FROM segment_rollups WHERE project_id = ? AND trait = ? AND slot >= ? AND slot < ?', [
    projectId,
    trait,
    slotFrom,
    slotTo,
  ])
  yield* query(
    'DELETE FROM segment_day_rollups WHERE project_id = ? AND trait = ? AND day >= ? AND day < ?',
    [projectId, trait, fromDay, toDay],
  )
  const valueKey = traitSnapshotValueKeySql(dialect, trait)
  yield* query(
    `INSERT INTO segment_rollups (project_id, trait, slot, survey_id, value_key, ${COUNTERS})
SELECT project_id, CAST(? AS TEXT), created_at / ${SLOT_MS}, survey_id, ${valueKey.text}, ${SCORE_SUMS.join(', ')}
FROM responses WHERE project_id = ? AND score IS NOT NULL AND created_at >= ? AND created_at < ?
GROUP BY 1, 3, 4, 5`,
    [trait, ...valueKey.parameters, projectId, fromDay * DAY_MS, toDay * DAY_MS],
  )
  yield* query(
    `INSERT INTO segment_day_rollups (project_id, trait, day, survey_id, value_key, ${COUNTERS})
SELECT project_id, trait, slot / ${SLOTS_PER_DAY}, survey_id, value_key, ${SCORE_COLUMNS.map((c) => `SUM(${c})`).join(', ')}
FROM segment_rollups WHERE project_id = ? AND trait = ? AND slot >= ? AND slot < ?
GROUP BY 1, 2, 3, 4, 5`,
    [projectId, trait, slotFrom, slotTo],
  )
  const { rows: counted } = yield* query<{ n: number | string }>(
    `SELECT COALESCE(SUM(${SCORE_COLUMNS.join(' + ')}), 0) AS n FROM segment_day_rollups
WHERE project_id = ? AND trait = ? AND day >= ? AND day < ?`,
    [projectId, trait, fromDay, toDay],
  )
  const done = Number(job.done) + Number(counted[0]?.n ?? 0)
  const next = yield* nextAnswerDay(projectId, toDay)
  if (next === undefined) return yield* finish(done)
  yield* query('UPDATE jobs SET cursor = ?, done = ?, total = ?, error = NULL, updated_at = ? WHERE id = ?', [
    String(next),
    done,
    Math.max(Number(job.total), done),
    now,
    jobId,
  ])
  return 'more'
}

/** The UTC day of the project's first answer with a score on `day` or later, if any. */
function* nextAnswerDay(projectId: string, day: number): SqlWork<number | undefined> {
  const { rows } = yield* query<{ at: number | string | null }>(FIRST_ANSWER_FROM, [projectId, day * DAY_MS])
  const at = rows[0]?.at
  return at === null || at === undefined ? undefined : Math.floor(Number(at) / DAY_MS)
}
