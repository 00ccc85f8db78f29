import { type Kysely, sql } from 'kysely'

const COUNTERS = ['shown', 'dismissed', ...Array.from({ length: 11 }, (_, score) => `c${score}`)]

/** 15-minute slots in a UTC day. */
const SLOTS_PER_DAY = 96

// The counters of `response_rollups` summed by UTC day. A year of a survey is 365 rows here against 35,040
// slots, so a long range reads whole days from this table and only its ragged ends from the slots. Filled
// from the slots, which hold every answer and display counted so far.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('response_day_rollups')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
  for (const counter of COUNTERS) {
    table = table.addColumn(counter, 'integer', (c) => c.notNull().defaultTo(0))
  }
  await table.addPrimaryKeyConstraint('response_day_rollups_pk', ['project_id', 'survey_id', 'day']).execute()
  const columns = sql.raw(COUNTERS.join(', '))
  const sums = sql.raw(COUNTERS.map((counter) => `SUM(${counter})`).join(', '))
  await sql`INSERT INTO response_day_rollups (project_id, survey_id, day, ${columns})
    SELECT project_id, survey_id, slot / ${sql.lit(SLOTS_PER_DAY)}, ${sums} FROM response_rollups
    GROUP BY project_id, survey_id, slot / ${sql.lit(SLOTS_PER_DAY)}`.execute(db)
}
