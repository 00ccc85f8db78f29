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

/** Adds a change to a slot's counters; called inside the transaction that changes the rows counted. */
export function* addToRollup(
  projectId: string,
  surveyId: string,
  time: number,
  delta: RollupDelta,
): SqlWork<void> {
  const scoreDeltas = SCORE_COLUMNS.map((_, score) => delta.scores?.[score] ?? 0)
  yield* query(ADD_DELTA, [
    projectId,
    surveyId,
    slotOf(time),
    delta.shown ?? 0,
    delta.dismissed ?? 0,
    ...scoreDeltas,
  ])
}
