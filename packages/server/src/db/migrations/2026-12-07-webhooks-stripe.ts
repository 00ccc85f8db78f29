import type { Kysely } from 'kysely'

// Stripe webhooks: each project's endpoint secret, the events already applied (Stripe retries) and the latest
// state applied per subscription (Stripe does not deliver in order).
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stripe_endpoints')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    // Kept as given: checking a signature needs the secret itself, not a hash of it.
    .addColumn('endpoint_secret', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('stripe_events')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stripe_events_pk', ['project_id', 'event_id'])
    .execute()

  await db.schema
    .createTable('stripe_subscriptions')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    // Epoch seconds of the newest event applied: an older one arriving later is ignored.
    .addColumn('event_created', 'bigint', (c) => c.notNull())
    // Events applied with that same second: separates their ledger instants.
    .addColumn('same_second', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('mrr', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // Epoch ms of the churn scheduled by cancel_at_period_end, withdrawn if the cancellation is.
    .addColumn('ends_at', 'bigint')
    .addPrimaryKeyConstraint('stripe_subscriptions_pk', ['project_id', 'subscription_id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stripe_subscriptions').execute()
  await db.schema.dropTable('stripe_events').execute()
  await db.schema.dropTable('stripe_endpoints').execute()
}
