import { SCORE_COLUMNS, SLOT_MS, SLOTS_PER_DAY } from '@heed/server/store/rollups'
import SQLite from 'better-sqlite3'

/** Rows per INSERT statement: small enough to show progress, large enough that statements cost nothing. */
const CHUNK = 500_000

export interface SeedPlan {
  projectId: string
  surveyId: string
  rows: number
  /** Answers are spread evenly over [from, to), epoch milliseconds. */
  from: number
  to: number
}

/*
 * One NPS answer per row i, computed in SQL so that no row passes through JavaScript:
 * - the time advances evenly, as answers arriving around the clock would;
 * - the score follows a plausible NPS mix (about 50% promoters, 22% passives, 28% detractors), cycling every
 *   100 rows so that every week holds the same mix;
 * - the trait snapshot has a plan (free, team, pro) or no plan at all, for the breakdown by trait.
 * Ids and times ascend together, as a server receiving answers in order would store them.
 */
const INSERT_ANSWERS = `
WITH RECURSIVE seq (i) AS (SELECT @first UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < @last),
answers AS (
  SELECT i, @from + i * @span / @rows AS at,
    CASE WHEN (i * 19) % 100 < 30 THEN 10 WHEN (i * 19) % 100 < 50 THEN 9 WHEN (i * 19) % 100 < 62 THEN 8
      WHEN (i * 19) % 100 < 72 THEN 7 ELSE (i * 19) % 7 END AS score,
    (i / 100) % 10 AS plan
  FROM seq
)
INSERT INTO responses (project_id, id, survey_id, anonymous_id, score, bucket, locale, url, traits,
  created_at, updated_at)
SELECT @project, printf('seed-%010d', i), @survey, printf('visitor-%07d', i % 250000), score,
  CASE WHEN score <= 6 THEN 'detractor' WHEN score <= 8 THEN 'passive' ELSE 'promoter' END, 'en',
  'https://app.example.com/settings/billing',
  CASE WHEN plan < 5 THEN '{"plan":"free"}' WHEN plan < 8 THEN '{"plan":"team"}' WHEN plan < 9 THEN '{"plan":"pro"}'
    ELSE '{}' END,
  at, at
FROM answers`

/** The rollups exactly as the ingest path keeps them: answers per score value per 15-minute slot. */
const FILL_ROLLUPS = `
INSERT INTO response_rollups (project_id, survey_id, slot, ${SCORE_COLUMNS.join(', ')})
SELECT project_id, survey_id, created_at / ${SLOT_MS},
  ${SCORE_COLUMNS.map((_, score) => `SUM(score = ${score})`).join(', ')}
FROM responses WHERE score IS NOT NULL
GROUP BY project_id, survey_id, created_at / ${SLOT_MS}`

/** The day rollups as the ingest path keeps them: the slots of each UTC day summed. */
const FILL_DAY_ROLLUPS = `
INSERT INTO response_day_rollups (project_id, survey_id, day, ${SCORE_COLUMNS.join(', ')})
SELECT project_id, survey_id, slot / ${SLOTS_PER_DAY}, ${SCORE_COLUMNS.map((column) => `SUM(${column})`).join(', ')}
FROM response_rollups GROUP BY project_id, survey_id, slot / ${SLOTS_PER_DAY}`

/**
 * Writes `plan.rows` answers straight into the database of a stopped server, then its rollups. The
 * secondary indexes of `responses` are dropped first and rebuilt at the end: building an index from
 * sorted rows is several times faster than growing it row by row. Throws unless the rollups count
 * exactly the rows written.
 */
export function seedAnswers(database: string, plan: SeedPlan, progress: (line: string) => void): void {
  const sqlite = new SQLite(database)
  try {
    // The database is thrown away if this fails half-way, so durability is traded for speed here.
    sqlite.pragma('journal_mode = DELETE')
    sqlite.pragma('synchronous = OFF')
    sqlite.pragma('cache_size = -1048576')
    sqlite.pragma('temp_store = MEMORY')
    const indexes = sqlite
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses' AND sql IS NOT NULL",
      )
      .all() as { name: string; sql: string }[]
    const insert = sqlite.prepare(INSERT_ANSWERS)
    sqlite.transaction(() => {
      for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name}"`)
      for (let first = 0; first < plan.rows; first += CHUNK) {
        const last = Math.min(first + CHUNK, plan.rows)
        // BigInts bind as SQLite integers, so times and slots are whole numbers, as the server writes them.
        insert.run({
          first: BigInt(first),
          last: BigInt(last),
          from: BigInt(plan.from),
          span: BigInt(plan.to - plan.from),
          rows: BigInt(plan.rows),
          project: plan.projectId,
          survey: plan.surveyId,
        })
        progress(`  ${last.toLocaleString('en')} / ${plan.rows.toLocaleString('en')} answers written`)
      }
      for (const { name, sql } of indexes) {
        progress(`  indexing: ${name}`)
        sqlite.exec(sql)
      }
      progress('  filling response_rollups and response_day_rollups')
      sqlite.exec(FILL_ROLLUPS)
      sqlite.exec(FILL_DAY_ROLLUPS)
    })()
    checkCounts(sqlite, plan)
    sqlite.pragma('journal_mode = WAL')
  } finally {
    sqlite.close()
  }
}

/** Every row written, every one counted once in both rollups, and no more slots than the range holds. */
function checkCounts(sqlite: SQLite.Database, plan: SeedPlan): void {
  const count = (sql: string) => Number((sqlite.prepare(sql).get() as { n: number | null }).n ?? 0)
  const responses = count('SELECT COUNT(*) AS n FROM responses')
  const rolledUp = count(`SELECT SUM(${SCORE_COLUMNS.join(' + ')}) AS n FROM response_rollups`)
  const rolledUpByDay = count(`SELECT SUM(${SCORE_COLUMNS.join(' + ')}) AS n FROM response_day_rollups`)
  const slots = count("SELECT COUNT(*) AS n FROM response_rollups WHERE typeof(slot) = 'integer'")
  const maxSlots = Math.ceil((plan.to - plan.from) / SLOT_MS)
  if (responses !== plan.rows || rolledUp !== plan.rows || rolledUpByDay !== plan.rows) {
    throw new Error(
      `seeding wrote ${responses} responses, ${rolledUp} slot and ${rolledUpByDay} day rollup counts, expected ${plan.rows}`,
    )
  }
  if (slots > maxSlots || slots !== count('SELECT COUNT(*) AS n FROM response_rollups')) {
    throw new Error(`seeding made ${slots} rollup slots, expected whole slots and at most ${maxSlots}`)
  }
}
