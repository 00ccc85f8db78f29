import { wallClockAt } from '@heed/shared/periods/time-zone'
import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { lockRows } from '../people'
import { type ActorKind, addActiveDays, ZONE_DAYS } from './day-gaps'
import { DAY_MS, HOUR_MS } from './hours'

/**
 * The project's time zone keeps its own active days and day gaps (usage_zone_days, usage_zone_gaps), so that
 * its trends read a few rows per day as UTC's do. They are derived from usage_activity's (UTC day, hour mask)
 * rows, as the slower reading of any zone is: a UTC hour belongs to the local day its first instant falls
 * in. In whole-hour zones that is exact; in zones offset by 30 or 45 minutes (Asia/Kolkata) the hour that
 * straddles local midnight counts wholly on the day it starts in, exactly as the reading by hour masks and
 * the sessions by start hour count it.
 */
export type ZonePhase = 'clear' | 'build' | 'ready'

export interface ZoneState {
  timeZone: string
  phase: ZonePhase
  /** While building: UTC days of usage_activity before this one are folded in. */
  cursor: number
}

/** UTC is read from usage_utc_days, so a UTC project keeps no zone days. */
export const keepsZoneDays = (timeZone: string) => timeZone !== 'UTC'

/** The epoch day of the local date on which a UTC hour (hours since the epoch) starts. */
export function localDayOfHour(hour: number, timeZone: string): number {
  return Math.floor(wallClockAt(hour * HOUR_MS, timeZone) / DAY_MS)
}

/** The epoch day of the local date of an instant. */
export const localDayOf = (instant: number, timeZone: string) =>
  Math.floor(wallClockAt(instant, timeZone) / DAY_MS)

/** A usage_activity row: who was active in which hours of a UTC day ('' for no person or no account). */
export interface ActivityCell {
  day: number
  person: string
  account: string
  hours: number
}

/** The (actor, local day) pairs of activity rows, each once. */
export function zoneActives(
  cells: Iterable<ActivityCell>,
  timeZone: string,
): Array<{ kind: ActorKind; actor: string; day: number }> {
  const localDays = new Map<number, number>()
  const localDay = (hour: number) => {
    let day = localDays.get(hour)
    if (day === undefined) {
      day = localDayOfHour(hour, timeZone)
      localDays.set(hour, day)
    }
    return day
  }
  const actives = new Map<string, { kind: ActorKind; actor: string; day: number }>()
  for (const { day, person, account, hours } of cells) {
    for (let bit = 0; bit < 24; bit++) {
      if (Math.floor(hours / 2 ** bit) % 2 === 0) continue
      const local = localDay(day * 24 + bit)
      if (person !== '')
        actives.set(`p\u0000${person}\u0000${local}`, { kind: 'p', actor: person, day: local })
      if (account !== '')
        actives.set(`a\u0000${account}\u0000${local}`, { kind: 'a', actor: account, day: local })
    }
  }
  return [...actives.values()]
}

/** Actives per statement: four parameters each, under SQLite's limit of 32,766. */
const ACTIVES_PER_STATEMENT = 2_000

/** Adds the local days of activity rows to the zone's tables. */
export function* addZoneActives(
  dialect: DialectName,
  projectId: string,
  cells: Iterable<ActivityCell>,
  timeZone: string,
): SqlWork<void> {
  const actives = zoneActives(cells, timeZone)
  for (let i = 0; i < actives.length; i += ACTIVES_PER_STATEMENT)
    yield* addActiveDays(dialect, projectId, actives.slice(i, i + ACTIVES_PER_STATEMENT), ZONE_DAYS)
}

/**
 * The project's zone rollup state, made when missing (a project created after the migration) as a build from
 * the first day: the rebuild job (zone-rebuild.ts) then folds what usage_activity already holds.
 */
export function* zoneStateWork(projectId: string): SqlWork<ZoneState | null> {
  const read = () =>
    query<{ time_zone: string; phase: ZonePhase; cursor: number | string }>(
      'SELECT time_zone, phase, cursor FROM usage_zones WHERE project_id = ?',
      [projectId],
    )
  let { rows } = yield* read()
  if (rows.length === 0) {
    yield* query(
      `INSERT INTO usage_zones (project_id, time_zone, phase, cursor)
SELECT id, time_zone, 'build', 0 FROM projects WHERE id = ? ON CONFLICT (project_id) DO NOTHING`,
      [projectId],
    )
    rows = (yield* read()).rows
  }
  const row = rows[0]
  return row === undefined ? null : { timeZone: row.time_zone, phase: row.phase, cursor: Number(row.cursor) }
}

/**
 * Adds the catch-up's new activity to the zone's days: all of it once the zone is built, only the UTC days
 * the rebuild has passed while it runs (it reads the later ones from usage_activity itself), none while a
 * zone change clears the former zone's rows. The caller holds the project's watermark row, as the rebuild's
 * chunks do, so the two never interleave.
 */
export function* addToZoneDays(
  dialect: DialectName,
  projectId: string,
  cells: readonly ActivityCell[],
): SqlWork<void> {
  const state = yield* zoneStateWork(projectId)
  if (state === null || !keepsZoneDays(state.timeZone) || state.phase === 'clear') return
  const passed = state.phase === 'ready' ? cells : cells.filter((cell) => cell.day < state.cursor)
  yield* addZoneActives(dialect, projectId, passed, state.timeZone)
}

/**
 * Starts the zone rollups over in the project's new time zone: the rebuild job clears the former zone's rows
 * and folds usage_activity again, and reads keep the slower path until it is done. Run in the transaction
 * that changes the zone, after taking the watermark row as the catch-up does, so a chunk in flight finishes
 * first.
 */
export function* restartZoneWork(dialect: DialectName, projectId: string, timeZone: string): SqlWork<void> {
  yield* query(
    'INSERT INTO usage_watermarks (project_id, seq) VALUES (?, 0) ON CONFLICT (project_id) DO NOTHING',
    [projectId],
  )
  yield* query(`SELECT seq FROM usage_watermarks WHERE project_id = ?${lockRows(dialect)}`, [projectId])
  // An upsert: a first catch-up may be making the row from the former zone at this moment.
  yield* query(
    `INSERT INTO usage_zones (project_id, time_zone, phase, cursor) VALUES (?, ?, 'clear', 0)
ON CONFLICT (project_id) DO UPDATE SET time_zone = excluded.time_zone, phase = 'clear', cursor = 0`,
    [projectId, timeZone],
  )
}
