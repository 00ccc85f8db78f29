import { sql } from 'kysely'
import type { ReadDatabase } from '../revenue/read-database'

const DAY = 86_400_000

/** What the health model needs of an account's product usage at an instant. */
export interface AccountActivity {
  accountId: string
  activePeople30d: number
  activePeoplePrev30d: number
}

/**
 * Distinct people (or anonymous visitors) with an event per account in the 30 days before `asOf` and in
 * the 30 days before those, read from the events of those 60 days only (the `events_time` index).
 * Also whether the project had any event before `asOf`: without one, usage is unknown rather than zero.
 */
export async function recentActivity(
  database: ReadDatabase,
  projectId: string,
  asOf: number,
): Promise<{ tracked: boolean; accounts: Map<string, AccountActivity> }> {
  const { rows } = await sql<{ account_id: string; recent: number | string; earlier: number | string }>`
    SELECT account_id,
      COUNT(DISTINCT CASE WHEN occurred_at >= ${asOf - 30 * DAY} THEN COALESCE(person_id, anonymous_id) END) AS recent,
      COUNT(DISTINCT CASE WHEN occurred_at < ${asOf - 30 * DAY} THEN COALESCE(person_id, anonymous_id) END) AS earlier
    FROM events
    WHERE project_id = ${projectId} AND occurred_at >= ${asOf - 60 * DAY} AND occurred_at < ${asOf}
      AND account_id IS NOT NULL
    GROUP BY account_id`.execute(database.reads)
  const accounts = new Map<string, AccountActivity>()
  for (const row of rows) {
    accounts.set(row.account_id, {
      accountId: row.account_id,
      activePeople30d: Number(row.recent),
      activePeoplePrev30d: Number(row.earlier),
    })
  }
  const tracked =
    rows.length > 0 ||
    (await database.reads
      .selectFrom('events')
      .select('id')
      .where('project_id', '=', projectId)
      .where('occurred_at', '<', asOf)
      .limit(1)
      .executeTakeFirst()) !== undefined
  return { tracked, accounts }
}
