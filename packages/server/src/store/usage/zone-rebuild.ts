import { sql } from 'kysely'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { defineWrite } from '../../db/write'
import { lockRows } from '../people'
import { type ActivityCell, addZoneActives, keepsZoneDays, zoneStateWork } from './zone'

/** Rows of usage_zone_days a clearing chunk deletes: a chunk holds the writer for milliseconds. */
const CLEAR_ROWS = 5_000

/**
 * One chunk of the job that builds the project's zone rollups (zone.ts), in one transaction behind the
 * project's watermark row, which the catch-up takes too, so the two take turns. While clearing, it deletes the
 * former zone's days a chunk at a time, then all of its gap counts; while building, it folds one UTC day of
 * usage_activity (the next one holding rows from the cursor on) into local days and moves the cursor past it.
 * Whatever stops the server, the next chunk goes on from the committed phase and cursor. Returns whether the
 * zone's rollups still need a chunk.
 */
export const REBUILD_USAGE_ZONE = defineWrite(
  'rebuildUsageZone',
  function* (dialect, projectId: string): SqlWork<boolean> {
    yield* query(
      'INSERT INTO usage_watermarks (project_id, seq) VALUES (?, 0) ON CONFLICT (project_id) DO NOTHING',
      [projectId],
    )
    yield* query(`SELECT seq FROM usage_watermarks WHERE project_id = ?${lockRows(dialect)}`, [projectId])
    const state = yield* zoneStateWork(projectId)
    if (state === null || state.phase === 'ready') return false
    if (state.phase === 'clear') {
      const { changes } = yield* query(
        `DELETE FROM usage_zone_days WHERE project_id = ? AND (actor_kind, actor, day) IN
(SELECT actor_kind, actor, day FROM usage_zone_days WHERE project_id = ? LIMIT ?)`,
        [projectId, projectId, CLEAR_ROWS],
      )
      if (changes < CLEAR_ROWS) {
        yield* query('DELETE FROM usage_zone_gaps WHERE project_id = ?', [projectId])
        yield* query("UPDATE usage_zones SET phase = 'build', cursor = 0 WHERE project_id = ?", [projectId])
      }
      return true
    }
    const { rows: next } = yield* query<{ day: number | string | null }>(
      'SELECT MIN(day) AS day FROM usage_activity WHERE project_id = ? AND day >= ?',
      [projectId, state.cursor],
    )
    const day = next[0]?.day
    if (day === null || day === undefined || !keepsZoneDays(state.timeZone)) {
      yield* query("UPDATE usage_zones SET phase = 'ready' WHERE project_id = ?", [projectId])
      return false
    }
    const { rows } = yield* query<{ person_id: string; account_id: string; hours: number | string }>(
      'SELECT person_id, account_id, hours FROM usage_activity WHERE project_id = ? AND day = ?',
      [projectId, day],
    )
    const cells: ActivityCell[] = rows.map((row) => ({
      day: Number(day),
      person: row.person_id,
      account: row.account_id,
      hours: Number(row.hours),
    }))
    yield* addZoneActives(dialect, projectId, cells, state.timeZone)
    yield* query('UPDATE usage_zones SET cursor = ? WHERE project_id = ?', [Number(day) + 1, projectId])
    return true
  },
)

/** Whether the project's zone rollups are being cleared or built; read without the writer. */
export async function zoneRebuilding(database: HeedDatabase, projectId: string): Promise<boolean> {
  const { rows } = await sql<{ phase: string }>`SELECT phase FROM usage_zones
WHERE project_id = ${projectId}`.execute(database.reads)
  const phase = rows[0]?.phase
  return phase === 'clear' || phase === 'build'
}

/** Runs the project's zone rebuild to its end; returns how many chunks it took. */
export async function rebuildUsageZone(database: HeedDatabase, projectId: string): Promise<number> {
  let chunks = 0
  while (await database.write(REBUILD_USAGE_ZONE, projectId)) chunks += 1
  return chunks
}
