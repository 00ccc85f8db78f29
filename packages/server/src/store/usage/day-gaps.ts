import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { lockActor } from './actor-lock'

/** A gap of this many days or more, or no earlier day at all: the actor counts as new in every window. */
export const LONG_GAP = 31

export type ActorKind = 'p' | 'a'

/**
 * A pair of tables holding actors' active days and the day-gap counts over them: by UTC day, or by local day
 * of the project's time zone (see zone.ts). The statements are written once per pair.
 */
export interface DayTables {
  days: 'usage_utc_days' | 'usage_zone_days'
  gaps: 'usage_day_gaps' | 'usage_zone_gaps'
  insertTexts: Map<number, string>
  nearDays: string
  addGap: string
}

function dayTables(days: DayTables['days'], gaps: DayTables['gaps']): DayTables {
  return {
    days,
    gaps,
    insertTexts: new Map(),
    nearDays: `SELECT day FROM ${days} WHERE project_id = ? AND actor_kind = ? AND actor = ?
AND day >= ? AND day <= ? ORDER BY day`,
    addGap: `INSERT INTO ${gaps} (project_id, actor_kind, day, gap, n) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (project_id, actor_kind, day, gap) DO UPDATE SET n = ${gaps}.n + excluded.n`,
  }
}

export const UTC_DAYS = dayTables('usage_utc_days', 'usage_day_gaps')
export const ZONE_DAYS = dayTables('usage_zone_days', 'usage_zone_gaps')

function insertDays(tables: DayTables, count: number): string {
  let text = tables.insertTexts.get(count)
  if (text === undefined) {
    text = `INSERT INTO ${tables.days} (project_id, actor_kind, actor, day) VALUES ${Array.from(
      { length: count },
      () => '(?, ?, ?, ?)',
    ).join(
      ', ',
    )} ON CONFLICT (project_id, actor_kind, actor, day) DO NOTHING RETURNING actor_kind, actor, day`
    tables.insertTexts.set(count, text)
  }
  return text
}

/** Each day of a sorted list with its gap to the day before, for the days from `from` on. */
function gapsFrom(days: readonly number[], from: number): Map<string, number> {
  const gaps = new Map<string, number>()
  days.forEach((day, i) => {
    if (day < from) return
    const previous = days[i - 1]
    const gap = previous === undefined ? LONG_GAP : Math.min(LONG_GAP, day - previous)
    const key = `${day} ${gap}`
    gaps.set(key, (gaps.get(key) ?? 0) + 1)
  })
  return gaps
}

/**
 * Records the days (UTC or local, after `tables`) on which actors were active and keeps the gap table equal to counting, for every
 * actor's active day, its gap to the actor's previous one (capped at LONG_GAP). A new day changes its own
 * entry and that of the actor's next active day within LONG_GAP days, so the counts are recomputed over the
 * actor's days from LONG_GAP before the first new day to LONG_GAP after the last. One statement when no day
 * is new, the usual case. On PostgreSQL the actor is locked first, so two batches adding days to one actor
 * take turns, and the second sees the first's days as already counted.
 */
export function* addActiveDays(
  dialect: DialectName,
  projectId: string,
  actives: ReadonlyArray<{ kind: ActorKind; actor: string; day: number }>,
  tables: DayTables = UTC_DAYS,
): SqlWork<void> {
  if (actives.length === 0) return
  const { rows } = yield* query<{ actor_kind: ActorKind; actor: string; day: number | string }>(
    insertDays(tables, actives.length),
    actives.flatMap(({ kind, actor, day }) => [projectId, kind, actor, day]),
  )
  const added = new Map<string, { kind: ActorKind; actor: string; days: number[] }>()
  for (const row of rows) {
    const key = `${row.actor_kind}\u0000${row.actor}`
    const entry = added.get(key) ?? { kind: row.actor_kind, actor: row.actor, days: [] }
    entry.days.push(Number(row.day))
    added.set(key, entry)
  }
  for (const { kind, actor, days: newDays } of added.values()) {
    yield* lockActor(dialect, projectId, kind, actor)
    const first = Math.min(...newDays)
    const last = Math.max(...newDays)
    const { rows: near } = yield* query<{ day: number | string }>(tables.nearDays, [
      projectId,
      kind,
      actor,
      first - LONG_GAP,
      last + LONG_GAP,
    ])
    const after = near.map((row) => Number(row.day))
    const isNew = new Set(newDays)
    const before = gapsFrom(
      after.filter((day) => !isNew.has(day)),
      first,
    )
    const changes = gapsFrom(after, first)
    for (const [key, n] of before) changes.set(key, (changes.get(key) ?? 0) - n)
    for (const [key, n] of changes) {
      if (n === 0) continue
      const [day, gap] = key.split(' ').map(Number)
      yield* query(tables.addGap, [projectId, kind, day, gap, n])
    }
  }
}
