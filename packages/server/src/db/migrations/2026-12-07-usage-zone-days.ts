import { type Kysely, sql } from 'kysely'

// A year of DAU/WAU/MAU by UTC day reads `usage_day_gaps`, a few rows per day; in any other zone it had to
// find each actor's local days in the hour masks of `usage_activity`, seconds at ten million events. The
// project's own zone, the one its dashboard reads, gets the same pair of tables by local day:
// - `usage_zone_days`: each person's and account's active days in the zone, as epoch days of the local date;
// - `usage_zone_gaps`: per local day, how many of them came back after a gap of 1..30 days (31: longer, or
//   the first day);
// - `usage_zones`: the zone they are kept in and how far they are built. `phase` is 'clear' while a zone
//   change deletes the former zone's rows, 'build' while the rows of usage_activity before the UTC day
//   `cursor` are folded in, 'ready' once every day is. Existing projects start building from the first day.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('usage_zone_days')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_zone_days_pk', ['project_id', 'actor_kind', 'actor', 'day'])
    .execute()
  await db.schema
    .createTable('usage_zone_gaps')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('gap', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_zone_gaps_pk', ['project_id', 'actor_kind', 'day', 'gap'])
    .execute()
  await db.schema
    .createTable('usage_zones')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .execute()
  await sql`INSERT INTO usage_zones (project_id, time_zone, phase, cursor)
SELECT id, time_zone, 'build', 0 FROM projects`.execute(db)
}
