import type { Kysely } from 'kysely'

// Usage analytics read these rollups, kept in the transaction that stores an event batch, never the events:
// - `usage_activity`: who was active on which UTC day, with the UTC hours of that day as a 24-bit mask, so
//   that a day in any whole-hour time zone is a set of (UTC day, hour mask) pairs. '' stands for no person
//   (an event with only an account) or no account.
// - `usage_sessions`: each identified person's sessions (30 minutes without an event end one).
// - `features` and `feature_usage`: the project's feature catalogue, and who used each feature on which UTC
//   day (hour mask, uses, last use), rebuilt from the events by a `feature-rebuild` job when it changes.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('usage_activity')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('hours', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_activity_pk', ['project_id', 'day', 'person_id', 'account_id'])
    .execute()
  await db.schema
    .createIndex('usage_activity_account')
    .on('usage_activity')
    .columns(['project_id', 'account_id', 'day'])
    .execute()
  await db.schema
    .createTable('usage_sessions')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_sessions_pk', ['project_id', 'person_id', 'started_at'])
    .execute()
  await db.schema
    .createIndex('usage_sessions_started')
    .on('usage_sessions')
    .columns(['project_id', 'started_at'])
    .execute()
  await db.schema
    .createTable('features')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('features_pk', ['project_id', 'key'])
    .execute()
  await db.schema
    .createTable('feature_usage')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('feature_key', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('hours', 'bigint', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('feature_usage_pk', [
      'project_id',
      'feature_key',
      'day',
      'person_id',
      'account_id',
    ])
    .execute()
  await db.schema
    .createIndex('feature_usage_account')
    .on('feature_usage')
    .columns(['project_id', 'account_id', 'day'])
    .execute()
}
