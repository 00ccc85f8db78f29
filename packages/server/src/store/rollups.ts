import { query, type SqlWork } from '../db/work'

export const SLOT_MS = 15 * 60_000

export const slotOf = (time: number) => Math.floor(time / SLOT_MS)

/** Slots in a UTC day: `response_day_rollups` sums them, day = slot div SLOTS_PER_DAY. */
export const SLOTS_PER_DAY = 96

export const SCORE_COLUMNS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] as const

export interface RollupDelta {
  shown?: number
  dismissed?: number
  /** Score value -> change in its count. */
  scores?: Readonly<Record<number, number>>
}

const COUNTER_COLUMNS = ['shown', 'dismissed', ...SCORE_COLUMNS]

const upsertCounters = (table: string, key: string) =>
  `INSERT INTO ${table} (project_id, survey_id, ${key}, ${COUNTER_COLUMNS.join(', ')})
VALUES (?, ?, ?, ${COUNTER_COLUMNS.map(() => '?').join(', ')})
ON CONFLICT (project_id, survey_id, ${key}) DO UPDATE SET ${COUNTER_COLUMNS.map(
    (c) => `${c} = ${table}.${c} + excluded.${c}`,
  ).join(', ')}`

/** The two rollup tables, with the same counters, and the column each is keyed by after the survey. */
export const ROLLUP_KEYS = { response_rollups: 'slot', response_day_rollups: 'day' } as const

type RollupTable = keyof typeof ROLLUP_KEYS
const level = (table: RollupTable, of: (slot: number) => number) => ({
  table,
  key: ROLLUP_KEYS[table],
  of,
  upsert: upsertCounters(table, ROLLUP_KEYS[table]),
})
const LEVELS = [
  level('response_rollups', (slot) => slot),
  level('response_day_rollups', (slot) => Math.floor(slot / SLOTS_PER_DAY)),
]

/** One statement per table and set of counters changed: a response changes one, a changed score two. */
const updates = new Map<string, string>()
function updateCounters(table: string, key: string, columns: readonly string[]): string {
  const name = `${table} ${columns.join(' ')}`
  let text = updates.get(name)
  if (text === undefined) {
    text = `UPDATE ${table} SET ${columns.map((c) => `${c} = ${c} + ?`).join(', ')}
WHERE project_id = ? AND survey_id = ? AND ${key} = ?`
    updates.set(name, text)
  }
  return text
}

/**
 * Adds a change to the counters of a slot and of its day; called inside the transaction that changes the
 * rows counted. The slot and the day usually exist already: an UPDATE of just the counters that change is
 * then the whole write, at less than half the cost of the upsert, which binds and adds all thirteen. The
 * upsert remains for a new slot or day, and for two PostgreSQL transactions that both found it missing.
 */
export function* addToRollup(
  projectId: string,
  surveyId: string,
  time: number,
  delta: RollupDelta,
): SqlWork<void> {
  const counters = [
    delta.shown ?? 0,
    delta.dismissed ?? 0,
    ...SCORE_COLUMNS.map((_, score) => delta.scores?.[score] ?? 0),
  ]
  const changed = COUNTER_COLUMNS.filter((_, i) => counters[i] !== 0)
  if (changed.length === 0) return
  const changes = counters.filter((count) => count !== 0)
  const slot = slotOf(time)
  for (const { table, key, of, upsert } of LEVELS) {
    const updated = yield* query(updateCounters(table, key, changed), [
      ...changes,
      projectId,
      surveyId,
      of(slot),
    ])
    if (updated.changes === 0) yield* query(upsert, [projectId, surveyId, of(slot), ...counters])
  }
}
