import { type Kysely, sql } from 'kysely'

// Settled webhook events (delivered, or dead after their last retry) are pruned once old: this index finds
// the oldest of them without reading the events still due, and holds nothing for those.

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX webhook_outbox_settled ON webhook_outbox (created_at) WHERE next_attempt_at IS NULL`.execute(
    db,
  )
}
