import type { TFeature } from '@heed/shared/usage/features'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { newId } from '../ids'
import { JOB_COLUMNS, type JobRecord, type JobRow, toJobRecord } from '../jobs'
import { lockRows } from '../people'

export interface FeatureCatalogue {
  features: TFeature[]
  /** The rebuild of `feature_usage` while one runs: until it finishes, uses before it are partly counted. */
  rebuild: JobRecord | null
}

const RUNNING_REBUILD = `SELECT ${JOB_COLUMNS} FROM jobs WHERE project_id = ? AND kind = 'feature-rebuild'
AND status = 'running'`

function* catalogueWork(projectId: string): SqlWork<FeatureCatalogue> {
  const { rows } = yield* query<{ definition: string }>(
    'SELECT definition FROM features WHERE project_id = ? ORDER BY position',
    [projectId],
  )
  const { rows: jobs } = yield* query<JobRow>(RUNNING_REBUILD, [projectId])
  return {
    features: rows.map((row) => JSON.parse(row.definition) as TFeature),
    rebuild: jobs[0] === undefined ? null : toJobRecord(jobs[0]),
  }
}

export function getCatalogue(database: HeedDatabase, projectId: string): Promise<FeatureCatalogue> {
  return database.transact(() => catalogueWork(projectId))
}

/** What decides which events count as uses: a change to it means the uses must be counted again. */
const rulesOf = (features: readonly TFeature[]) =>
  JSON.stringify(
    features
      .map((feature) => [
        feature.key,
        [...feature.events].sort(),
        feature.pages.map((page) => JSON.stringify(page)).sort(),
      ])
      .sort(),
  )

/**
 * Replaces the project's catalogue in one transaction. When the rules (which events and pages mean which
 * feature) change, every counted use is dropped and a `feature-rebuild` job counts them again from the
 * events (see rebuild.ts); a rebuild already running starts over. Labels and plans change nothing counted.
 * The project row is locked first: usage catch-up chunks take it in share mode before reading the catalogue,
 * so a chunk counts its uses with either the old catalogue before the drop or the new one after.
 */
export function putCatalogue(
  database: HeedDatabase,
  projectId: string,
  features: readonly TFeature[],
  now: number,
): Promise<FeatureCatalogue> {
  return database.transact(function* (dialect: DialectName) {
    yield* query(`SELECT id FROM projects WHERE id = ?${lockRows(dialect)}`, [projectId])
    const before = yield* catalogueWork(projectId)
    yield* query('DELETE FROM features WHERE project_id = ?', [projectId])
    for (const [position, feature] of features.entries()) {
      yield* query('INSERT INTO features (project_id, key, position, definition) VALUES (?, ?, ?, ?)', [
        projectId,
        feature.key,
        position,
        JSON.stringify(feature),
      ])
    }
    if (rulesOf(before.features) !== rulesOf(features)) {
      yield* query('DELETE FROM feature_usage WHERE project_id = ?', [projectId])
      if (before.rebuild !== null) {
        yield* query(`UPDATE jobs SET cursor = NULL, done = 0, error = NULL, updated_at = ? WHERE id = ?`, [
          now,
          before.rebuild.id,
        ])
      } else if (features.length > 0) {
        const { rows } = yield* query<{ n: number | string }>(
          'SELECT COUNT(*) AS n FROM events WHERE project_id = ?',
          [projectId],
        )
        // With no events yet there is nothing to count again.
        const total = Number(rows[0]?.n ?? 0)
        if (total > 0)
          yield* query(
            `INSERT INTO jobs (id, project_id, kind, subject, cursor, status, done, total, started_at, updated_at)
VALUES (?, ?, 'feature-rebuild', NULL, NULL, 'running', 0, ?, ?, ?)`,
            [newId('job'), projectId, total, now, now],
          )
      }
    }
    return yield* catalogueWork(projectId)
  })
}
