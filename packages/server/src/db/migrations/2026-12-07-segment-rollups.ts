import type { Kysely } from 'kysely'

const SCORES = Array.from({ length: 11 }, (_, score) => `c${score}`)

// The traits a project declares as segments, and answers per score value per survey per value of each
// such trait, by 15-minute slot and by UTC day, as `response_rollups` and `response_day_rollups` count
// them for whole surveys. The trait comes first in the keys: a trend reads one trait over a range of slots,
// and a backfill rewrites one trait's range of days.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('project_segments')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('trait', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'bigint', (c) => c.notNull())
    .addColumn('ready_at', 'bigint')
    .addPrimaryKeyConstraint('project_segments_pk', ['project_id', 'trait'])
    .execute()
  for (const [table, key] of [
    ['segment_rollups', 'slot'],
    ['segment_day_rollups', 'day'],
  ] as const) {
    let create = db.schema
      .createTable(table)
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('trait', 'text', (c) => c.notNull())
      .addColumn(key, 'bigint', (c) => c.notNull())
      .addColumn('survey_id', 'text', (c) => c.notNull())
      .addColumn('value_key', 'text', (c) => c.notNull())
    for (const score of SCORES) create = create.addColumn(score, 'integer', (c) => c.notNull().defaultTo(0))
    await create
      .addPrimaryKeyConstraint(`${table}_pk`, ['project_id', 'trait', key, 'survey_id', 'value_key'])
      .execute()
  }
  // What a segment backfill works on: the trait.
  await db.schema.alterTable('jobs').addColumn('subject', 'text').execute()
}
