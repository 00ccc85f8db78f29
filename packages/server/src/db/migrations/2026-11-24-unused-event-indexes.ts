import type { Kysely } from 'kysely'

// Every index on `events` is updated by every event stored, about 1 µs each on the ingest path, and no
// query reads these two: usage metrics are not served yet. When they are, they should read incremental
// aggregates kept as events arrive (as scores read `response_rollups`), not scan raw events by time.
// The indexes left serve deduplication (the primary key), identify (anonymous id) and erasure (person).
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_time').execute()
  await db.schema.dropIndex('events_name_time').execute()
}
