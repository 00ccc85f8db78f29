import { type Kysely, PostgresAdapter, sql } from 'kysely'

// The usage rollups are kept by a catch-up job instead of the event batch's transaction: `usage_watermarks`
// holds, per project, the position in storing order of the last event folded into them. The storing order
// is SQLite's rowid (events are never deleted one by one, so a rowid is never given twice) and on PostgreSQL
// a new identity column `seq`, indexed so that the job reads the events after a watermark by range. Events
// stored before this migration were folded at write time, so each project starts at its last event.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  await db.schema
    .createTable('usage_watermarks')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute()
  if (postgres) {
    await sql`ALTER TABLE events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`.execute(db)
    await sql`CREATE INDEX events_seq ON events (seq)`.execute(db)
  }
  const seq = postgres ? sql`seq` : sql`rowid`
  await sql`INSERT INTO usage_watermarks (project_id, seq)
SELECT p.id, COALESCE((SELECT MAX(${seq}) FROM events e WHERE e.project_id = p.id), 0) FROM projects p`.execute(
    db,
  )
}
