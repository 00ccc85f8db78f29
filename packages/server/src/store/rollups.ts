import { query, type SqlWork } from '../db/work'

export const SLOT_MS = 15 * 60_000

export const slotOf = (time: number) => Math.floor(time / SLOT_MS)

export const SCORE_COLUMNS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] as const

export interface RollupDelta {
  shown?: number
  dismissed?: number
  /** Score value -> change in its count. */
  scores?: Readonly<Record<number, number>>
}

const COUNTER_COLUMNS = ['shown', 'dismissed', ...SCORE_COLUMNS]

const ADD_DELTA = `INSERT INTO response_rollups (project_id, survey_id, slot, ${COUNTER_COLUMNS.join(', ')})
VALUES (?, ?, ?, ${COUNTER_COLUMNS.map(() => '?').join(', ')})
ON CONFLICT (project_id, survey_id, slot) DO UPDATE SET ${COUNTER_COLUMNS.map(
  (c) => `${c} = response_rollups.${c} + excluded.${c}`,
).join(', ')}`

/**
 * Adds a change to a slot's counters; called inside the transaction that changes the rows counted. The slot
 * usually exists already: an UPDATE of just the counters that change is then the whole write, at less
 * than half the cost of the upsert, which binds and adds all thirteen. The upsert remains for a new slot,
 * and for two PostgreSQL transactions that both found it missing.
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
  const slot = slotOf(time)
  const updated = yield* query(updateCounters(changed), [
    ...counters.filter((count) => count !== 0),
    projectId,
    surveyId,
    slot,
  ])
  if (updated.changes === 0) yield* query(ADD_DELTA, [projectId, surveyId, slot, ...counters])
}

/** One statement per set of counters changed: a response changes one, a changed score two. */
const updateCounters = (columns: readonly string[]) =>
  `UPDATE response_rollups SET ${columns.map((c) => `${c} = ${c} + ?`).join(', ')}
WHERE project_id = ? AND survey_id = ? AND slot = ?`
