import { type Kysely, sql } from 'kysely'

// Revenue figures read each change's neighbours from the row instead of recomputing them with window
// functions over the whole ledger on every call: the previous change's instant, paid MRR and currency, the
// next change's instant, and the account's first paid instant, kept by every write from now on and filled
// here once for the ledgers already stored. An index on (project, at) holding every column the figures read
// gives a period's changes without visiting the table.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  // One column per ALTER TABLE: all SQLite takes.
  for (const [column, type] of [
    ['prev_at', 'bigint'],
    ['prev_paid', 'bigint'],
    ['prev_currency', 'text'],
    ['next_at', 'bigint'],
    ['first_paid_at', 'bigint'],
  ] as const) {
    await db.schema.alterTable('revenue_changes').addColumn(column, type).execute()
  }
  await sql`UPDATE revenue_changes SET prev_at = linked.prev_at, prev_paid = linked.prev_paid,
      prev_currency = linked.prev_currency, next_at = linked.next_at, first_paid_at = linked.first_paid_at
    FROM (
      SELECT project_id, id,
        LAG(at) OVER account AS prev_at,
        LAG(CASE WHEN status = 'active' THEN mrr ELSE 0 END) OVER account AS prev_paid,
        LAG(currency) OVER account AS prev_currency,
        LEAD(at) OVER account AS next_at,
        MIN(CASE WHEN status = 'active' AND mrr > 0 THEN at END) OVER (PARTITION BY project_id, account_id) AS first_paid_at
      FROM revenue_changes
      WINDOW account AS (PARTITION BY project_id, account_id ORDER BY at)
    ) AS linked
    WHERE revenue_changes.project_id = linked.project_id AND revenue_changes.id = linked.id`.execute(db)
  await db.schema
    .createIndex('revenue_changes_at')
    .on('revenue_changes')
    .columns([
      'project_id',
      'at',
      'account_id',
      'status',
      'mrr',
      'currency',
      'prev_at',
      'prev_paid',
      'prev_currency',
      'next_at',
      'first_paid_at',
    ])
    .execute()
}
