import { type Kysely, sql } from 'kysely'
import { rebuildMonthTotals } from '../../store/revenue/month-totals'
import { runWorkAsync } from '../work'

// Monthly revenue totals kept at write time in each project's time zone (store/revenue/month-totals.ts), so
// that months of movements read a row per month instead of grouping every change by account and month.
// Filled here for the ledgers already stored, project by project, with the same code the writes keep them by.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  let totals = db.schema
    .createTable('revenue_month_totals')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('month_start', 'bigint', (c) => c.notNull())
  for (const column of ['mrr_delta', 'paying_delta', 'new_mrr', 'expansion', 'contraction', 'churn']) {
    totals = totals.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  }
  for (const column of ['reactivation', 'new_customers', 'reactivated', 'churned']) {
    totals = totals.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  }
  await totals.addPrimaryKeyConstraint('revenue_month_totals_pk', ['project_id', 'month_start']).execute()
  await db.schema
    .createTable('revenue_foreign_months')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('month_start', 'bigint', (c) => c.notNull())
    .addColumn('start_paid', 'bigint', (c) => c.notNull())
    .addColumn('start_currency', 'text')
    .addColumn('end_paid', 'bigint', (c) => c.notNull())
    .addColumn('end_currency', 'text', (c) => c.notNull())
    .addColumn('paid_before', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_foreign_months_pk', ['project_id', 'account_id', 'month_start'])
    .execute()
  await db.schema
    .createIndex('revenue_foreign_months_month')
    .on('revenue_foreign_months')
    .columns(['project_id', 'month_start'])
    .execute()
  const { rows } = await sql<{ project_id: string }>`SELECT DISTINCT project_id FROM revenue_changes`.execute(
    db,
  )
  for (const { project_id } of rows) {
    // Inside the migration's own transaction where the dialect has one (PostgreSQL).
    await runWorkAsync(rebuildMonthTotals(project_id), async (statement) => {
      // The statements' `?` placeholders, bound whatever the dialect's own are.
      const parts = statement.text.split('?')
      const text = sql.join(
        parts.flatMap((part, i) =>
          i === 0 ? [sql.raw(part)] : [sql.val(statement.parameters[i - 1]), sql.raw(part)],
        ),
        sql.raw(''),
      )
      const result = await sql<Record<string, unknown>>`${text}`.execute(db)
      return { rows: result.rows, changes: Number(result.numAffectedRows ?? 0n) }
    })
  }
}
