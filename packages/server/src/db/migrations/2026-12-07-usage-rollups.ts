import type { Kysely } from 'kysely'

// Usage analytics read these rollups, kept in the transaction that stores an event batch, never the events:
// - `usage_activity`: who was active on which UTC day, with the UTC hours of that day as a 24-bit mask, so
//   that a day in any whole-hour time zone is a set of (UTC day, hour mask) pairs. '' stands for no person
//   (an event with only an account) or no account.
// - `usage_sessions`: each identified person's sessions (30 minutes without an event end one), and
//   `usage_session_hours` the project's sessions and their total duration by the UTC hour they start in.
// - `usage_utc_days` and `usage_day_gaps`: each person's and account's active UTC days, and per UTC day how
//   many of them came back after a gap of 1..30 days (31: a longer gap or the first day), so that DAU, WAU and
//   MAU by UTC day read a few rows per day.
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
    .createTable('usage_utc_days')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_utc_days_pk', ['project_id', 'actor_kind', 'actor', 'day'])
    .execute()
  await db.schema
    .createTable('usage_day_gaps')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('gap', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_day_gaps_pk', ['project_id', 'actor_kind', 'day', 'gap'])
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
  // A batch looks for the sessions of its person that end near its events: recent ones, whatever the history.
  await db.schema
    .createIndex('usage_sessions_ended')
    .on('usage_sessions')
    .columns(['project_id', 'person_id', 'ended_at'])
    .execute()
  // One account's sessions over a range (the project's are counted by hour in usage_session_hours).
  await db.schema
    .createIndex('usage_sessions_account')
    .on('usage_sessions')
    .columns(['project_id', 'account_id', 'started_at'])
    .execute()
  await db.schema
    .createTable('usage_session_hours')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_session_hours_pk', ['project_id', 'hour'])
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
