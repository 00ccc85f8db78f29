import type { Kysely } from 'kysely'

// Revenue retention: an append-only ledger of MRR changes per account, the exchange rates that turn other
// currencies into the project's reporting currency, one per currency and month.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('reporting_currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .execute()

  await db.schema
    .createTable('revenue_changes')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('mrr', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('plan', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('renews_at', 'bigint')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_changes_pk', ['project_id', 'id'])
    // One change per account and instant: what makes a change without an id idempotent, and what lets the
    // MRR at a boundary be read as the account's latest change before it, through this index.
    .addUniqueConstraint('revenue_changes_account_at', ['project_id', 'account_id', 'at'])
    .execute()

  await db.schema
    .createTable('revenue_rates')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    // 'YYYY-MM' in the project's time zone: months sort as text.
    .addColumn('month', 'text', (c) => c.notNull())
    // Decimal text, so the rate stays exact: one unit of `currency` buys this many reporting units.
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_rates_pk', ['project_id', 'currency', 'month'])
    .execute()

  await db.schema
    .createTable('revenue_costs')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('sales_and_marketing', 'bigint', (c) => c.notNull())
    .addColumn('customer_success', 'bigint', (c) => c.notNull())
    .addColumn('support', 'bigint', (c) => c.notNull())
    .addColumn('product_development', 'bigint', (c) => c.notNull())
    .addColumn('gross_margin_basis_points', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_costs_pk', ['project_id', 'month'])
    .execute()

  await db.schema
    .createTable('goals')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('comparison', 'text', (c) => c.notNull())
    // Decimal text, so a goal reads back exactly as it was set.
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('goals_pk', ['project_id', 'metric'])
    .execute()

  // The team's own words in the monthly report: key insights per section and next actions.
  await db.schema
    .createTable('report_notes')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_notes_pk', ['project_id', 'month', 'section'])
    .execute()
}
