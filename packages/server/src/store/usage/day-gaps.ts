import type { DialectName } from '../../db/dialect'
import { rowCountTexts, valueRows } from '../../db/row-count-texts'
import { query, type SqlWork } from '../../db/work'
import { lockActors } from './actor-lock'

/** A gap of this many days or more, or no earlier day at all: the actor counts as new in every window. */
export const LONG_GAP = 31

export type ActorKind = 'p' | 'a'

/**
 * A pair of tables holding actors' active days and the day-gap counts over them: by UTC day, or by local day
 * of the project's time zone (see zone.ts). Each statement text is written once per pair and row count.
 */
export interface DayTables {
  days: 'usage_utc_days' | 'usage_zone_days'
  gaps: 'usage_day_gaps' | 'usage_zone_gaps'
  texts: ReturnType<typeof rowCountTexts>
}

function dayTables(days: DayTables['days'], gaps: DayTables['gaps']): DayTables {
  return { days, gaps, texts: rowCountTexts() }
}

export const UTC_DAYS = dayTables('usage_utc_days', 'usage_day_gaps')
export const ZONE_DAYS = dayTables('usage_zone_days', 'usage_zone_gaps')

/** Inserts `count` (project, kind, actor, day) rows, returning those that were new. */
const insertDays = (tables: DayTables, count: number) =>
  tables.texts(
    'insert',
    count,
    () => `INSERT INTO ${tables.days} (project_id, actor_kind, actor, day) VALUES ${valueRows(count, '(?, ?, ?, ?)')}
ON CONFLICT (project_id, actor_kind, actor, day) DO NOTHING RETURNING actor_kind, actor, day`,
  )

/** The active days of `count` actors, each within its own range: (kind, actor, from, to), then the project. */
const nearDays = (tables: DayTables, count: number) =>
  tables.texts(
    'near',
    count,
    () => `SELECT d.actor_kind, d.actor, d.day FROM (VALUES ${valueRows(count, '(?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT))')}) r
JOIN ${tables.days} d ON d.project_id = ? AND d.actor_kind = r.column1 AND d.actor = r.column2
AND d.day >= r.column3 AND d.day <= r.column4`,
  )

/** Adds `count` (project, kind, day, gap, n) changes, each key once, to the gap counts. */
const addGaps = (tables: DayTables, count: number) =>
  tables.texts(
    'gaps',
    count,
    () => `INSERT INTO ${tables.gaps} (project_id, actor_kind, day, gap, n) VALUES ${valueRows(count, '(?, ?, ?, ?, ?)')}
ON CONFLICT (project_id, actor_kind, day, gap) DO UPDATE SET n = ${tables.gaps}.n + excluded.n`,
  )

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

/** Actors a statement reads the neighbouring days of: four parameters each. */
const ACTORS_PER_READ = 500
/** Gap counts a statement adds to: five parameters each. */
const GAPS_PER_WRITE = 500

/**
 * Records the days (UTC or local, after `tables`) on which actors were active and keeps the gap table equal to
 * counting, for every actor's active day, its gap to the actor's previous one (capped at LONG_GAP). A new day
 * changes its own entry and that of the actor's next active day within LONG_GAP days, so the counts are
 * recomputed over each actor's days from LONG_GAP before its first new day to LONG_GAP after its last. One
 * statement when no day is new, the usual case; otherwise a few for all the actors together (their locks,
 * their neighbouring days, the changed counts), not a few per actor: rebuilding a zone over 11.5M events took
 * PostgreSQL 22 minutes of round trips that way. On PostgreSQL the actors are locked first, in one order, so two
 * batches adding days to one actor take turns, and the second sees the first's days as already counted.
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
  if (rows.length === 0) return
  const added = new Map<string, { kind: ActorKind; actor: string; days: number[] }>()
  for (const row of rows) {
    const key = actorKey(row.actor_kind, row.actor)
    const entry = added.get(key) ?? { kind: row.actor_kind, actor: row.actor, days: [] }
    entry.days.push(Number(row.day))
    added.set(key, entry)
  }
  const actors = [...added.values()].sort((a, b) =>
    actorKey(a.kind, a.actor) < actorKey(b.kind, b.actor) ? -1 : 1,
  )
  yield* lockActors(dialect, projectId, actors)
  const near = new Map<string, number[]>()
  for (let i = 0; i < actors.length; i += ACTORS_PER_READ) {
    const part = actors.slice(i, i + ACTORS_PER_READ)
    const { rows: days } = yield* query<{ actor_kind: ActorKind; actor: string; day: number | string }>(
      nearDays(tables, part.length),
      [
        ...part.flatMap(({ kind, actor, days }) => [
          kind,
          actor,
          Math.min(...days) - LONG_GAP,
          Math.max(...days) + LONG_GAP,
        ]),
        projectId,
      ],
    )
    for (const row of days) {
      const key = actorKey(row.actor_kind, row.actor)
      const list = near.get(key) ?? []
      list.push(Number(row.day))
      near.set(key, list)
    }
  }
  const changes = new Map<string, number>()
  for (const { kind, actor, days: newDays } of actors) {
    const first = Math.min(...newDays)
    const after = (near.get(actorKey(kind, actor)) ?? []).sort((a, b) => a - b)
    const isNew = new Set(newDays)
    const before = gapsFrom(
      after.filter((day) => !isNew.has(day)),
      first,
    )
    for (const [key, n] of gapsFrom(after, first))
      changes.set(`${kind} ${key}`, (changes.get(`${kind} ${key}`) ?? 0) + n)
    for (const [key, n] of before) changes.set(`${kind} ${key}`, (changes.get(`${kind} ${key}`) ?? 0) - n)
  }
  const counts = [...changes].filter(([, n]) => n !== 0)
  for (let i = 0; i < counts.length; i += GAPS_PER_WRITE) {
    const part = counts.slice(i, i + GAPS_PER_WRITE)
    yield* query(
      addGaps(tables, part.length),
      part.flatMap(([key, n]) => {
        const [kind, day, gap] = key.split(' ')
        return [projectId, kind, Number(day), Number(gap), n]
      }),
    )
  }
}

const actorKey = (kind: ActorKind, actor: string) => `${kind}\u0000${actor}`
