import { sql } from 'kysely'
import type { HeedDatabase } from '../src/db/open'

/**
 * What each migration from the day rollups on adds, taken away again, so a test can turn a database back into
 * one written before a migration and replay it with the later ones (migrations run in order). Migrations have
 * no `down`; a new migration adds its undo here, once, for every replay test.
 */
const UNDO: Record<string, (database: HeedDatabase) => Promise<void>> = {
  '2026-11-25-day-rollups': (database) => dropTables(database, ['response_day_rollups']),
  '2026-11-26-settled-webhook-events': async (database) => {
    await sql`DROP INDEX webhook_outbox_settled`.execute(database.db)
  },
  '2026-12-07-account-health': (database) =>
    dropTables(database, [
      'account_health',
      'account_health_days',
      'account_stages',
      'account_stage_history',
      'health_models',
      'lifecycle_rules',
    ]),
  '2026-12-07-revenue': async (database) => {
    await dropTables(database, ['revenue_changes', 'revenue_rates', 'revenue_costs', 'goals', 'report_notes'])
    await dropColumns(database, 'projects', ['reporting_currency'])
  },
  '2026-12-07-revenue-neighbours': async (database) => {
    await sql`DROP INDEX revenue_changes_at`.execute(database.db)
    await dropColumns(database, 'revenue_changes', [
      'prev_at',
      'prev_paid',
      'prev_currency',
      'next_at',
      'first_paid_at',
    ])
  },
  '2026-12-07-segment-drop-in': async (database) => {
    await dropTables(database, ['anonymous_traits', 'ingest_errors'])
    const context = ['user_agent', 'locale', 'library', 'utm_campaign', 'utm_source', 'utm_medium']
    await dropColumns(database, 'events', [...context, 'page_path', 'referrer', 'title'])
  },
  '2026-12-07-segment-rollups': async (database) => {
    await dropTables(database, ['segment_day_rollups', 'segment_rollups', 'project_segments'])
    await dropColumns(database, 'jobs', ['subject'])
  },
  '2026-12-07-usage-rollups': (database) =>
    dropTables(database, [
      'feature_usage',
      'features',
      'usage_session_hours',
      'usage_sessions',
      'usage_day_gaps',
      'usage_utc_days',
      'usage_activity',
    ]),
  '2026-12-07-usage-split-rollups': (database) =>
    dropTables(database, ['usage_account_session_days', 'usage_months']),
  '2026-12-07-usage-watermark': async (database) => {
    await dropTables(database, ['usage_watermarks'])
    if (database.dialect === 'postgres') await dropColumns(database, 'events', ['seq'])
  },
  '2026-12-07-usage-zone-days': (database) =>
    dropTables(database, ['usage_zones', 'usage_zone_gaps', 'usage_zone_days']),
  '2026-12-07-users': (database) => dropTables(database, ['sessions', 'user_tokens', 'users']),
  '2026-12-07-webhooks-stripe': (database) =>
    dropTables(database, ['stripe_subscriptions', 'stripe_events', 'stripe_endpoints']),
  '2026-12-07-write-time-revenue-totals': (database) =>
    dropTables(database, ['revenue_foreign_months', 'revenue_month_totals']),
}

/**
 * Undoes `first` and every later migration, newest first, and forgets that they ran. Returns their names in
 * the order a replay runs them, so a test compares against them rather than a list kept by hand that goes
 * stale with each new migration.
 */
export async function undoMigrationsFrom(database: HeedDatabase, first: string): Promise<string[]> {
  const names = Object.keys(UNDO)
    .filter((name) => name >= first)
    .sort()
  for (const name of [...names].reverse()) await UNDO[name]?.(database)
  await sql`DELETE FROM kysely_migration WHERE name >= ${first}`.execute(database.db)
  return names
}

async function dropTables(database: HeedDatabase, tables: string[]): Promise<void> {
  for (const table of tables) await sql`DROP TABLE ${sql.table(table)}`.execute(database.db)
}

async function dropColumns(database: HeedDatabase, table: string, columns: string[]): Promise<void> {
  for (const column of columns) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN ${sql.ref(column)}`.execute(database.db)
  }
}
