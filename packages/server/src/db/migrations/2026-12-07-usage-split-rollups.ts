import { type Kysely, sql } from 'kysely'
import { fillFromSessions } from '../../store/usage/account-session-days'
import { firstDayOfMonth, monthOfDay, monthRowsOf } from '../../store/usage/months'

// Two rollups that splits, segments and other time zones read instead of a year of day rows and sessions:
// - `usage_months`: usage_activity's rows folded by UTC month, a text of each day's hour mask (months.ts);
// - `usage_account_session_days`: sessions counted by account, UTC day and starting hour, with their total
//   durations (account-session-days.ts).
// Both are filled here from the rollups they fold; the catch-up keeps them from then on.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database as it was, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('usage_months')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('month', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_months_pk', ['project_id', 'month', 'person_id', 'account_id'])
    .execute()
  // One account's months, for its own trends in a zone without rollups.
  await db.schema
    .createIndex('usage_months_account')
    .on('usage_months')
    .columns(['project_id', 'account_id', 'month'])
    .execute()
  let table = db.schema
    .createTable('usage_account_session_days')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
  for (let hour = 0; hour < 24; hour++)
    table = table
      .addColumn(`s${hour}`, 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn(`ms${hour}`, 'bigint', (c) => c.notNull().defaultTo(0))
  await table
    .addPrimaryKeyConstraint('usage_account_session_days_pk', ['project_id', 'day', 'account_id'])
    .execute()
  // A segment's accounts' days.
  await db.schema
    .createIndex('usage_account_session_days_account')
    .on('usage_account_session_days')
    .columns(['project_id', 'account_id', 'day'])
    .execute()
  await sql.raw(fillFromSessions('')).execute(db)
  await fillMonths(db)
}

/** Folds usage_activity into month rows, a project's month at a time. */
// biome-ignore lint/suspicious/noExplicitAny: as above
async function fillMonths(db: Kysely<any>): Promise<void> {
  const spans = await sql<{ project_id: string; first: number | string; last: number | string }>`
SELECT project_id, MIN(day) AS first, MAX(day) AS last FROM usage_activity GROUP BY project_id`.execute(db)
  for (const span of spans.rows) {
    let month = monthOfDay(Number(span.first))
    while (firstDayOfMonth(month) <= Number(span.last)) {
      const cells = await sql<{
        day: number | string
        person_id: string
        account_id: string
        hours: number | string
      }>`
SELECT day, person_id, account_id, hours FROM usage_activity
WHERE project_id = ${span.project_id} AND day >= ${firstDayOfMonth(month)} AND day < ${firstDayOfMonth(month + 1)}`.execute(
        db,
      )
      const rows = [
        ...monthRowsOf(
          cells.rows.map((row) => ({
            day: Number(row.day),
            person: row.person_id,
            account: row.account_id,
            hours: Number(row.hours),
          })),
        ).values(),
      ]
      for (let from = 0; from < rows.length; from += 500)
        await db
          .insertInto('usage_months')
          .values(
            rows.slice(from, from + 500).map((row) => ({
              project_id: span.project_id,
              month: row.month,
              person_id: row.person,
              account_id: row.account,
              hours: row.text,
            })),
          )
          .execute()
      month += 1
    }
  }
}
