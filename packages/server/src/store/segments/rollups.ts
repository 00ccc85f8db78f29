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

type SegmentTable = 'segment_rollups' | 'segment_day_rollups'
const KEYS: Record<SegmentTable, string> = { segment_rollups: 'slot', segment_day_rollups: 'day' }

const statements = new Map<string, { update: string; upsert: string }>()
/** The statements that add to one score's counter of a row, as `addToRollup` writes the whole survey's. */
function counterStatements(table: SegmentTable, score: number) {
  const name = `${table} ${score}`
  let pair = statements.get(name)
  if (pair === undefined) {
    const key = KEYS[table]
    const column = SCORE_COLUMNS[score]
    pair = {
      update: `UPDATE ${table} SET ${column} = ${column} + ?
WHERE project_id = ? AND trait = ? AND ${key} = ? AND survey_id = ? AND value_key = ?`,
      upsert: `INSERT INTO ${table} (project_id, trait, ${key}, survey_id, value_key, ${column})
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, trait, ${key}, survey_id, value_key)
DO UPDATE SET ${column} = ${table}.${column} + excluded.${column}`,
    }
    statements.set(name, pair)
  }
  return pair
}

/** The row usually exists: an UPDATE is then the whole write, cheaper than the upsert kept for a new row. */
function* addToCounter(
  table: SegmentTable,
  score: number,
  key: readonly unknown[],
  n: number,
): SqlWork<void> {
  const { update, upsert } = counterStatements(table, score)
  const [projectId, trait, at, surveyId, valueKey] = key
  const updated = yield* query(update, [n, projectId, trait, at, surveyId, valueKey])
  if (updated.changes === 0) yield* query(upsert, [...key, n])
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
    const day = Math.floor(slot / SLOTS_PER_DAY)
    for (const [score, n] of changes) {
      yield* addToCounter('segment_rollups', Number(score), [projectId, trait, slot, surveyId, valueKey], n)
      yield* addToCounter(
        'segment_day_rollups',
        Number(score),
        [projectId, trait, day, surveyId, valueKey],
        n,
      )
    }
  }
}
