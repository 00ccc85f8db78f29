import type { ScoreCounts } from '@heed/shared/scores/histogram'
import { type SurveyKind, scaleValues } from '@heed/shared/scores/scales'
import { type RawBuilder, sql } from 'kysely'
import type { HeedDatabase } from '../db/open'
import { ROLLUP_KEYS, SLOT_MS, SLOTS_PER_DAY } from './rollups'
import { segmentReady } from './segments/declare'
import { valueOfKey } from './segments/rollups'
import { TRAIT_NAME, traitTextSql } from './segments/trait-sql'
import { StatementText } from './statement-text'

/*
 * Counting for score summaries and trends. SQL counts answers per score value (per period, per segment);
 * `@heed/shared/scores` turns the counts into scores. No response row is ever read into JavaScript.
 *
 * Two sources give the same counts:
 * - `rollups`: the 15-minute slots of `response_rollups`, when every period boundary is a whole slot (true of
 *   every zone whose offset is a multiple of 15 minutes, which is every zone since 1972), with the whole UTC
 *   days inside a period read from `response_day_rollups`. A year is 365 day rows per survey plus at most
 *   190 slots at the ends of each period, read through the primary keys.
 * - `rows`: `responses` and `displays` themselves, for boundaries inside a slot (historic offsets such as
 *   Monrovia's −0:44:30 before 1972) and for trait segments, which only the response rows carry.
 */

/** What to count: the answers to some surveys of one kind, in consecutive periods. */
export interface CountScope {
  projectId: string
  kind: SurveyKind
  surveyIds: readonly string[]
  /** Ascending epoch milliseconds, at least two: period i is [bounds[i], bounds[i + 1]). */
  bounds: readonly number[]
}

export interface DisplayCounts {
  shown: number
  /** Displays closed without an answer; counted in the slot the display was shown in. */
  dismissed: number
}

/** What one period holds: answers per score value (values without answers left out), and displays. */
export interface PeriodCounts {
  scores: Record<number, number>
  displays: DisplayCounts
}

/** Answers of the people whose trait snapshot had one value (or none, or a value past the largest few). */
export interface TraitSegment {
  /** The trait's value as text ('pro', '10', 'true'), or OTHER_SEGMENT, or NO_VALUE_SEGMENT. */
  key: string
  /** Answers per score value, one entry per period. */
  scores: ScoreCounts[]
}

export type CountSource = 'rollups' | 'rows'

/** Trait values beyond this many, counted by answers over the whole range, are folded into OTHER_SEGMENT. */
export const MAX_TRAIT_SEGMENTS = 20
export const OTHER_SEGMENT = '(other)'
/** Answers whose snapshot lacks the trait or has it set to null. */
export const NO_VALUE_SEGMENT = '(none)'

export { TRAIT_NAME }

/** SQLite's default SQLITE_MAX_COMPOUND_SELECT: a UNION ALL of more terms is refused. */
const MAX_COMPOUND_TERMS = 500

/** Whether the rollup slots can count these periods: every boundary is a whole 15-minute slot. */
export function rollupsCanCount(bounds: readonly number[]): boolean {
  return bounds.every((bound) => bound % SLOT_MS === 0)
}

const sourceFor = (scope: CountScope): CountSource => (rollupsCanCount(scope.bounds) ? 'rollups' : 'rows')

/** Counts per period, all the scope's surveys together. */
export async function countPeriods(
  database: HeedDatabase,
  scope: CountScope,
  source: CountSource = sourceFor(scope),
): Promise<PeriodCounts[]> {
  const tallies = await tally(database, scope, source, false)
  return tallies.get(ALL_SURVEYS) ?? emptyPeriods(scope)
}

/** Counts per period for each of the scope's surveys, in the scope's order (surveys without data too). */
export async function countPeriodsBySurvey(
  database: HeedDatabase,
  scope: CountScope,
  source: CountSource = sourceFor(scope),
): Promise<Map<string, PeriodCounts[]>> {
  const tallies = await tally(database, scope, source, true)
  return new Map(scope.surveyIds.map((id) => [id, tallies.get(id) ?? emptyPeriods(scope)]))
}

/** The counts of several segments added up, period by period. */
export function addPeriodCounts(
  segments: Iterable<readonly PeriodCounts[]>,
  periods: number,
): PeriodCounts[] {
  const total = Array.from({ length: periods }, emptyCounts)
  for (const segment of segments) {
    segment.forEach((counts, period) => {
      const into = total[period]
      if (!into) return
      for (const [score, n] of Object.entries(counts.scores)) addScore(into.scores, Number(score), n)
      into.displays.shown += counts.displays.shown
      into.displays.dismissed += counts.displays.dismissed
    })
  }
  return total
}

/** Answers of one score value in one period with one value of a trait (null: the answer had none). */
interface TraitCount {
  period: number
  score: number
  value: string | null
  n: number
}

/**
 * Answers per period per value of a trait of the answer's snapshot: the MAX_TRAIT_SEGMENTS values with the
 * most answers over all the periods (ties: the smaller value as text), largest first, then OTHER_SEGMENT for
 * the other values and NO_VALUE_SEGMENT, each only when it has answers. Values compare as text on both
 * dialects: the number 10 is '10', true is 'true'. Displays carry no traits, so none are counted.
 * `trait` must match TRAIT_NAME. A trait the project declared as a segment, once backfilled, is counted from
 * its rollups (`rollups`) when the periods are whole slots; any other from the answers (`rows`).
 */
export async function countPeriodsByTrait(
  database: HeedDatabase,
  scope: CountScope,
  trait: string,
  source?: CountSource,
): Promise<TraitSegment[]> {
  if (!TRAIT_NAME.test(trait)) throw new RangeError(`invalid trait name ${trait}`)
  if (scope.surveyIds.length === 0) return []
  const chosen =
    source ??
    (rollupsCanCount(scope.bounds) && (await segmentReady(database, scope.projectId, trait))
      ? 'rollups'
      : 'rows')
  const counts =
    chosen === 'rollups'
      ? await traitCountsFromRollups(database, scope, trait)
      : await traitCountsFromRows(database, scope, trait)

  const segments = new Map<string, Record<number, number>[]>()
  for (const row of counts) {
    const key = row.value ?? NO_VALUE_SEGMENT
    let periods = segments.get(key)
    if (!periods) {
      periods = scope.bounds.slice(1).map(() => ({}))
      segments.set(key, periods)
    }
    const into = periods[row.period]
    if (into) addScore(into, row.score, row.n)
  }
  const answers = (key: string) =>
    (segments.get(key) ?? []).reduce(
      (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
      0,
    )
  const rank = (key: string) => (key === NO_VALUE_SEGMENT ? 2 : key === OTHER_SEGMENT ? 1 : 0)
  return [...segments.keys()]
    .sort((a, b) => rank(a) - rank(b) || answers(b) - answers(a) || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, scores: segments.get(key) ?? [] }))
}

/** From the answers, folded in SQL: values past the largest few come back as OTHER_SEGMENT. */
async function traitCountsFromRows(
  database: HeedDatabase,
  scope: CountScope,
  trait: string,
): Promise<TraitCount[]> {
  const value = traitValue(database, trait)
  // Counted per value first, so that ranking and folding read the counts rather than every answer again.
  const { rows } = await sql<{
    period: number
    score: number
    value: string | null
    missing: number
    n: number
  }>`
    WITH counted AS MATERIALIZED (
      SELECT ${periodIndex('created_at', scope.bounds)} AS period, ${value} AS value, score, COUNT(*) AS n
      FROM responses WHERE ${responsesInScope(scope)} GROUP BY 1, 2, 3
    ), largest AS (
      SELECT value FROM counted WHERE value IS NOT NULL
      GROUP BY value ORDER BY SUM(n) DESC, value LIMIT ${sql.lit(MAX_TRAIT_SEGMENTS)}
    )
    SELECT period, score, CASE WHEN value IN (SELECT value FROM largest) THEN value END AS value,
      CASE WHEN value IS NULL THEN 1 ELSE 0 END AS missing, SUM(n) AS n
    FROM counted GROUP BY 1, 2, 3, 4`.execute(database.reads)
  return rows.map((row) => ({
    period: Number(row.period),
    score: Number(row.score),
    value: row.value ?? (Number(row.missing) === 1 ? null : OTHER_SEGMENT),
    n: Number(row.n),
  }))
}

/**
 * From a declared segment's rollups (store/segments/rollups.ts): each period's whole UTC days and ragged
 * slots summed per value, as rollupSums does for whole surveys, then folded here as the rows' SQL folds.
 */
async function traitCountsFromRollups(
  database: HeedDatabase,
  scope: CountScope,
  trait: string,
): Promise<TraitCount[]> {
  const scores = scaleValues(scope.kind)
  const sums = scores.map((score) => `SUM(c${score}) AS c${score}`).join(', ')
  const ranges = rollupRanges(scope.bounds.map((bound) => bound / SLOT_MS))
  const counts: TraitCount[] = []
  const totals = new Map<string, number>()
  for (let first = 0; first < ranges.length; first += MAX_COMPOUND_TERMS) {
    const statement = new StatementText(database.dialect)
    const chosen = scope.surveyIds.map((id) => `(${statement.bind(id)})`).join(', ')
    const terms = ranges.slice(first, first + MAX_COMPOUND_TERMS).map(({ period, table, from, to }) => {
      const segmentTable = table === 'response_rollups' ? 'segment_rollups' : 'segment_day_rollups'
      const key = table === 'response_rollups' ? 'slot' : 'day'
      return `SELECT ${period} AS period, value_key, ${sums} FROM ${segmentTable}
        WHERE project_id = ${statement.bind(scope.projectId)} AND trait = ${statement.bind(trait)}
        AND ${key} >= ${statement.bind(from)} AND ${key} < ${statement.bind(to)}
        AND survey_id IN (SELECT id FROM chosen) GROUP BY value_key`
    })
    const { rows } = await statement.execute<Record<string, unknown>>(
      database.reads,
      `WITH chosen (id) AS (VALUES ${chosen}) ${terms.join(' UNION ALL ')}`,
    )
    for (const row of rows) {
      const value = valueOfKey(String(row.value_key))
      for (const score of scores) {
        const n = Number(row[`c${score}`] ?? 0)
        if (n === 0) continue
        counts.push({ period: Number(row.period), score, value, n })
        if (value !== null) totals.set(value, (totals.get(value) ?? 0) + n)
      }
    }
  }
  const largest = new Set(
    [...totals]
      .filter(([, n]) => n !== 0)
      .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, MAX_TRAIT_SEGMENTS)
      .map(([value]) => value),
  )
  return counts.map((count) =>
    count.value === null || largest.has(count.value) ? count : { ...count, value: OTHER_SEGMENT },
  )
}

/** The key tallies use for counts of all the scope's surveys together. */
const ALL_SURVEYS = ''

interface CountedRow {
  period: number
  survey_id?: string
  [column: string]: unknown
}

/** Counts keyed by survey id (or ALL_SURVEYS), one entry per period. */
async function tally(
  database: HeedDatabase,
  scope: CountScope,
  source: CountSource,
  bySurvey: boolean,
): Promise<Map<string, PeriodCounts[]>> {
  const tallies = new Map<string, PeriodCounts[]>()
  if (scope.surveyIds.length === 0) return tallies
  const periodsOf = (row: CountedRow) => {
    const key = bySurvey ? String(row.survey_id) : ALL_SURVEYS
    let periods = tallies.get(key)
    if (!periods) {
      periods = emptyPeriods(scope)
      tallies.set(key, periods)
    }
    return periods[Number(row.period)]
  }

  if (source === 'rollups') {
    if (!rollupsCanCount(scope.bounds))
      throw new RangeError('period boundaries must be whole 15-minute slots')
    for (const row of await rollupSums(database, scope, bySurvey)) {
      const counts = periodsOf(row)
      if (!counts) continue
      for (const score of scaleValues(scope.kind))
        addScore(counts.scores, score, Number(row[`c${score}`] ?? 0))
      counts.displays.shown += Number(row.shown ?? 0)
      counts.displays.dismissed += Number(row.dismissed ?? 0)
    }
    return tallies
  }

  const survey = bySurvey ? sql`, survey_id` : sql``
  const period = periodIndex('created_at', scope.bounds)
  const answers = await sql<CountedRow>`SELECT ${period} AS period${survey}, score, COUNT(*) AS n
    FROM responses WHERE ${responsesInScope(scope)} GROUP BY 1${survey}, score`.execute(database.reads)
  for (const row of answers.rows) {
    const counts = periodsOf(row)
    if (counts) addScore(counts.scores, Number(row.score), Number(row.n))
  }
  const displays = await sql<CountedRow>`SELECT ${period} AS period${survey}, COUNT(*) AS shown,
    COUNT(dismissed_at) AS dismissed FROM displays WHERE project_id = ${scope.projectId}
    AND survey_id IN (${sql.join(scope.surveyIds)}) AND ${withinBounds('created_at', scope.bounds)}
    GROUP BY 1${survey}`.execute(database.reads)
  for (const row of displays.rows) {
    const counts = periodsOf(row)
    if (!counts) continue
    counts.displays.shown += Number(row.shown)
    counts.displays.dismissed += Number(row.dismissed)
  }
  return tallies
}

/** A range of one rollup table that a period adds up: slots [from, to) or UTC days [from, to). */
interface RollupRange {
  period: number
  table: 'response_rollups' | 'response_day_rollups'
  from: number
  to: number
}

/**
 * Where each period's counts are read: the whole UTC days inside it from `response_day_rollups`, and the
 * slots before the first and after the last whole day from `response_rollups`. A week in Europe/Berlin is
 * then 6 days and 8 slots rather than 672 slots.
 */
export function rollupRanges(slots: readonly number[]): RollupRange[] {
  const ranges: RollupRange[] = []
  const add = (period: number, table: RollupRange['table'], from: number, to: number) => {
    if (from < to) ranges.push({ period, table, from, to })
  }
  for (let period = 0; period < slots.length - 1; period++) {
    const start = slots[period] as number
    const end = slots[period + 1] as number
    const firstDay = Math.ceil(start / SLOTS_PER_DAY)
    const endDay = Math.floor(end / SLOTS_PER_DAY)
    if (firstDay >= endDay) {
      add(period, 'response_rollups', start, end)
      continue
    }
    add(period, 'response_rollups', start, firstDay * SLOTS_PER_DAY)
    add(period, 'response_day_rollups', firstDay, endDay)
    add(period, 'response_rollups', endDay * SLOTS_PER_DAY, end)
  }
  return ranges
}

/**
 * Each period's rollups summed: one index range scan per range (see rollupRanges), and nothing to sort.
 * A period may come back as several rows, which the caller adds up. Measured on a year of slots by week,
 * range sums beat grouping the slots by a CASE over the boundaries on both dialects (SQLite 11 ms against
 * 38-48 ms, PostgreSQL 9 ms against 14-23 ms). SQLite spells it as a UNION ALL of range sums; PostgreSQL
 * plans many UNION terms slowly (39 ms), so there it is one LATERAL range sum per range and table.
 */
async function rollupSums(
  database: HeedDatabase,
  scope: CountScope,
  bySurvey: boolean,
): Promise<CountedRow[]> {
  const sums = sql.join(
    ['shown', 'dismissed', ...scaleValues(scope.kind).map((score) => `c${score}`)].map(
      (column) => sql`SUM(${sql.ref(column)}) AS ${sql.ref(column)}`,
    ),
  )
  const survey = bySurvey ? sql`survey_id, ` : sql``
  const groupBySurvey = bySurvey ? sql` GROUP BY survey_id` : sql``
  const ranges = rollupRanges(scope.bounds.map((bound) => bound / SLOT_MS))

  if (database.dialect === 'postgres') {
    const rows: CountedRow[] = []
    for (const table of ['response_rollups', 'response_day_rollups'] as const) {
      const mine = ranges.filter((range) => range.table === table)
      if (mine.length === 0) continue
      const key = sql.ref(ROLLUP_KEYS[table])
      const { rows: counted } = await sql<CountedRow>`SELECT ranges.period, counted.*
        FROM unnest(${mine.map((range) => range.period)}::int[], ${mine.map((range) => range.from)}::bigint[],
          ${mine.map((range) => range.to)}::bigint[]) AS ranges (period, lo, hi)
        CROSS JOIN LATERAL (
          SELECT ${survey}${sums} FROM ${sql.table(table)}
          WHERE project_id = ${scope.projectId} AND survey_id = ANY(${scope.surveyIds}::text[])
          AND ${key} >= ranges.lo AND ${key} < ranges.hi${groupBySurvey}
        ) AS counted`.execute(database.reads)
      rows.push(...counted)
    }
    return rows
  }

  // The survey ids are bound once, in `chosen`, rather than in every term: a statement takes at most 32,766.
  const sumsText = ['shown', 'dismissed', ...scaleValues(scope.kind).map((score) => `c${score}`)]
    .map((column) => `SUM(${column}) AS ${column}`)
    .join(', ')
  const rows: CountedRow[] = []
  for (let first = 0; first < ranges.length; first += MAX_COMPOUND_TERMS) {
    const statement = new StatementText(database.dialect)
    const chosen = scope.surveyIds.map((id) => `(${statement.bind(id)})`).join(', ')
    const terms = ranges.slice(first, first + MAX_COMPOUND_TERMS).map(({ period, table, from, to }) => {
      const key = ROLLUP_KEYS[table]
      return `SELECT ${period} AS period, ${bySurvey ? 'survey_id, ' : ''}${sumsText} FROM ${table}
        WHERE project_id = ${statement.bind(scope.projectId)} AND survey_id IN chosen
        AND ${key} >= ${statement.bind(from)} AND ${key} < ${statement.bind(to)}${bySurvey ? ' GROUP BY survey_id' : ''}`
    })
    const chunk = await statement.execute<CountedRow>(
      database.reads,
      `WITH chosen (id) AS (VALUES ${chosen}) ${terms.join(' UNION ALL ')}`,
    )
    rows.push(...chunk.rows)
  }
  return rows
}

/**
 * The index of the period holding `column`'s value, as a binary search over the boundaries nested in
 * CASE expressions: log2(periods) comparisons per row rather than one per period.
 */
export function periodIndex(
  column: string,
  bounds: readonly number[],
  low = 0,
  high = bounds.length - 1,
): RawBuilder<number> {
  if (high - low <= 1) return sql<number>`${sql.lit(low)}`
  const middle = (low + high) >> 1
  return sql<number>`CASE WHEN ${sql.ref(column)} < ${bounds[middle]} THEN ${periodIndex(column, bounds, low, middle)}
    ELSE ${periodIndex(column, bounds, middle, high)} END`
}

const withinBounds = (column: string, bounds: readonly number[]) =>
  sql`${sql.ref(column)} >= ${bounds[0]} AND ${sql.ref(column)} < ${bounds[bounds.length - 1]}`

const responsesInScope = (scope: CountScope) =>
  sql`project_id = ${scope.projectId} AND survey_id IN (${sql.join(scope.surveyIds)}) AND score IS NOT NULL
    AND ${withinBounds('created_at', scope.bounds)}`

/** A trait of the snapshot as text, NULL when absent or null (see traitTextSql), as a Kysely expression. */
function traitValue(database: HeedDatabase, trait: string): RawBuilder<string | null> {
  const { text, parameters } = traitTextSql(database.dialect, trait)
  const pieces = text
    .split('?')
    .map((piece, i) => (i < parameters.length ? sql`${sql.raw(piece)}${parameters[i]}` : sql.raw(piece)))
  return sql<string | null>`${sql.join(pieces, sql``)}`
}

function addScore(counts: Record<number, number>, score: number, n: number): void {
  if (n !== 0) counts[score] = (counts[score] ?? 0) + n
}

const emptyCounts = (): PeriodCounts => ({ scores: {}, displays: { shown: 0, dismissed: 0 } })

const emptyPeriods = (scope: CountScope): PeriodCounts[] => scope.bounds.slice(1).map(emptyCounts)
