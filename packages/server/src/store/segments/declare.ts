import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { newId } from '../ids'
import { lockRows } from '../people'

/** A trait declared as a segment: `ready` once the answers stored before its declaration are counted. */
export interface SegmentRecord {
  trait: string
  status: 'ready' | 'backfilling'
  declaredAt: number
  readyAt: number | null
  /** The backfill job while there is one. */
  jobId: string | null
}

/** Segments a project may declare: each costs two rollup writes per answer and score change. */
export const MAX_SEGMENTS = 10

interface SegmentRow {
  trait: string
  declared_at: number | string
  ready_at: number | string | null
  job_id: string | null
}

const toRecord = (row: SegmentRow): SegmentRecord => ({
  trait: row.trait,
  status: row.ready_at === null ? 'backfilling' : 'ready',
  declaredAt: Number(row.declared_at),
  readyAt: row.ready_at === null ? null : Number(row.ready_at),
  jobId: row.job_id,
})

const SELECT_SEGMENTS = `SELECT s.trait, s.declared_at, s.ready_at, j.id AS job_id FROM project_segments s
LEFT JOIN jobs j ON j.project_id = s.project_id AND j.kind = 'segment-backfill' AND j.subject = s.trait
AND j.status = 'running' WHERE s.project_id = ? ORDER BY s.trait`

function* listSegmentsWork(projectId: string): SqlWork<SegmentRecord[]> {
  const { rows } = yield* query<SegmentRow>(SELECT_SEGMENTS, [projectId])
  return rows.map(toRecord)
}

export async function listSegments(database: HeedDatabase, projectId: string): Promise<SegmentRecord[]> {
  const rows = await database.db
    .selectFrom('project_segments as s')
    .leftJoin('jobs as j', (join) =>
      join
        .onRef('j.project_id', '=', 's.project_id')
        .onRef('j.subject', '=', 's.trait')
        .on('j.kind', '=', 'segment-backfill')
        .on('j.status', '=', 'running'),
    )
    .select(['s.trait', 's.declared_at', 's.ready_at', 'j.id as job_id'])
    .where('s.project_id', '=', projectId)
    .orderBy('s.trait')
    .execute()
  return rows.map(toRecord)
}

/** Whether trends split by this trait can read its rollups: declared, and its backfill finished. */
export async function segmentReady(
  database: HeedDatabase,
  projectId: string,
  trait: string,
): Promise<boolean> {
  const row = await database.reads
    .selectFrom('project_segments')
    .select('ready_at')
    .where('project_id', '=', projectId)
    .where('trait', '=', trait)
    .executeTakeFirst()
  return row !== undefined && row.ready_at !== null
}

/**
 * Makes `traits` the project's segments, in one transaction: a trait no longer listed loses its rollups
 * and its backfill; a new one starts counting every answer from now on, and a backfill job counts the
 * answers stored before (see backfill.ts). A trait listed again keeps its rollups. Returns the segments
 * and whether a job started.
 */
export function declareSegments(
  database: HeedDatabase,
  projectId: string,
  traits: readonly string[],
  now: number,
): Promise<{ segments: SegmentRecord[]; started: boolean }> {
  return database.transact(function* (dialect) {
    // Waits for the answers in flight, which share-lock the project row (see declaredTraitsWork).
    yield* query(`SELECT id FROM projects WHERE id = ?${lockRows(dialect)}`, [projectId])
    const { rows } = yield* query<{ trait: string }>(
      'SELECT trait FROM project_segments WHERE project_id = ?',
      [projectId],
    )
    const current = new Set(rows.map((row) => row.trait))
    const wanted = new Set(traits)
    for (const trait of current) {
      if (wanted.has(trait)) continue
      for (const table of ['project_segments', 'segment_rollups', 'segment_day_rollups'])
        yield* query(`DELETE FROM ${table} WHERE project_id = ? AND trait = ?`, [projectId, trait])
      yield* query(
        `UPDATE jobs SET status = 'done', updated_at = ?, finished_at = ? WHERE project_id = ?
AND kind = 'segment-backfill' AND subject = ? AND status = 'running'`,
        [now, now, projectId, trait],
      )
    }
    let started = false
    const { rows: counted } = yield* query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM responses WHERE project_id = ? AND score IS NOT NULL',
      [projectId],
    )
    const total = Number(counted[0]?.n ?? 0)
    for (const trait of wanted) {
      if (current.has(trait)) continue
      yield* query(
        'INSERT INTO project_segments (project_id, trait, declared_at, ready_at) VALUES (?, ?, ?, NULL)',
        [projectId, trait, now],
      )
      yield* query(
        `INSERT INTO jobs (id, project_id, kind, subject, cursor, status, done, total, started_at, updated_at)
VALUES (?, ?, 'segment-backfill', ?, NULL, 'running', 0, ?, ?, ?)`,
        [newId('job'), projectId, trait, total, now, now],
      )
      started = true
    }
    return { segments: yield* listSegmentsWork(projectId), started }
  })
}
