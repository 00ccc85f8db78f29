import type { Kysely } from 'kysely'

// Account health and lifecycle stages: the latest score per account with its explanation, one score a day
// per account for trends and the backtest, the current stage and every stage an account went through, and
// the project's own health model and lifecycle rules (absent rows mean the defaults).
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_health')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    // NULL when no component had data: an account nobody knows anything about has no score, not a zero.
    .addColumn('score', 'integer')
    .addColumn('band', 'text')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_health_pk', ['project_id', 'account_id'])
    .execute()
  // Lists sort and filter accounts by score and band.
  await db.schema
    .createIndex('account_health_score')
    .on('account_health')
    .columns(['project_id', 'score'])
    .execute()

  await db.schema
    .createTable('account_health_days')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    // 'YYYY-MM-DD' in the project's time zone: days sort as text.
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('band', 'text')
    .addPrimaryKeyConstraint('account_health_days_pk', ['project_id', 'account_id', 'day'])
    .execute()
  // The backtest and the distribution over time read one day across every account.
  await db.schema
    .createIndex('account_health_days_day')
    .on('account_health_days')
    .columns(['project_id', 'day'])
    .execute()

  await db.schema
    .createTable('account_stages')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('set_by', 'text')
    .addPrimaryKeyConstraint('account_stages_pk', ['project_id', 'account_id'])
    .execute()
  await db.schema
    .createIndex('account_stages_stage')
    .on('account_stages')
    .columns(['project_id', 'stage'])
    .execute()

  await db.schema
    .createTable('account_stage_history')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    // NULL while the stage is the account's current one.
    .addColumn('ended_at', 'bigint')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('set_by', 'text')
    // An account enters at most one stage per instant: a retried change finds its row instead of adding one.
    .addPrimaryKeyConstraint('account_stage_history_pk', ['project_id', 'account_id', 'started_at'])
    .execute()

  // JSON documents validated by shared's schemas; a project without a row uses the defaults.
  await db.schema
    .createTable('health_models')
    .addColumn('project_id', 'text', (c) =>
      c.notNull().primaryKey().references('projects.id').onDelete('cascade'),
    )
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('lifecycle_rules')
    .addColumn('project_id', 'text', (c) =>
      c.notNull().primaryKey().references('projects.id').onDelete('cascade'),
    )
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}
