import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { SCORE_COLUMNS, SLOTS_PER_DAY, slotOf } from '../rollups'

/** The value a segment rollup keys an answer without the trait (absent or null) by. */
export const NO_VALUE_KEY = ''

/**
 * A trait's value as a segment rollup keys it: '=' and the value as text, as the raw-row count reads it
 * (a string as itself, true as 'true', the number 10 as '10', anything else as its JSON), or NO_VALUE_KEY.
 */
export function segmentValueKey(value: unknown): string {
  if (value === undefined || value === null) return NO_VALUE_KEY
  return `=${typeof value === 'string' ? value : JSON.stringify(value)}`
}

/** The value a key stands for, or null for NO_VALUE_KEY. */
export const valueOfKey = (key: string): string | null => (key === NO_VALUE_KEY ? null : key.slice(1))

/**
 * The project's declared segment traits, read in the answer's transaction. On PostgreSQL the project row is
 * share-locked for the key: a declaration locks it for update first, so an answer either sees the new trait
 * (and counts into its rollups) or commits before the declaration, whose backfill then counts it.
 */
export function* declaredTraitsWork(dialect: DialectName, projectId: string): SqlWork<string[]> {
  const { rows } = yield* query<{ trait: string | null }>(
    `SELECT s.trait FROM projects p LEFT JOIN project_segments s ON s.project_id = p.id WHERE p.id = ?${
      dialect === 'postgres' ? ' FOR KEY SHARE OF p' : ''
    }`,
    [projectId],
  )
  return rows.flatMap((row) => (row.trait === null ? [] : [row.trait]))
}

const upserts = new Map<string, string>()
function upsertScore(table: 'segment_rollups' | 'segment_day_rollups', score: number): string {
  const name = `${table} ${score}`
  let text = upserts.get(name)
  if (text === undefined) {
    const key = table === 'segment_rollups' ? 'slot' : 'day'
    text = `INSERT INTO ${table} (project_id, trait, ${key}, survey_id, value_key, ${SCORE_COLUMNS[score]})
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, trait, ${key}, survey_id, value_key)
DO UPDATE SET ${SCORE_COLUMNS[score]} = ${table}.${SCORE_COLUMNS[score]} + excluded.${SCORE_COLUMNS[score]}`
    upserts.set(name, text)
  }
  return text
}

/**
 * Adds a change of an answer's score (value -> change in its count) to the rollups of each declared segment
 * trait, under the value of the answer's snapshot; called in the transaction that changes the answer.
 */
export function* addToSegmentRollups(
  dialect: DialectName,
  projectId: string,
  surveyId: string,
  time: number,
  traits: Readonly<Record<string, unknown>>,
  scores: Readonly<Record<number, number>>,
): SqlWork<void> {
  const changes = Object.entries(scores).filter(([, n]) => n !== 0)
  if (changes.length === 0) return
  const declared = yield* declaredTraitsWork(dialect, projectId)
  const slot = slotOf(time)
  for (const trait of declared) {
    const valueKey = segmentValueKey(traits[trait])
    for (const [score, n] of changes) {
      yield* query(upsertScore('segment_rollups', Number(score)), [
        projectId,
        trait,
        slot,
        surveyId,
        valueKey,
        n,
      ])
      const day = Math.floor(slot / SLOTS_PER_DAY)
      yield* query(upsertScore('segment_day_rollups', Number(score)), [
        projectId,
        trait,
        day,
        surveyId,
        valueKey,
        n,
      ])
    }
  }
}
