import type { HeedDatabase } from '../../db/open'
import { DAY_MS, HOUR_MS, hourRangeSql } from './hours'
import { readRows } from './read'

export interface AccountActivity {
  accountId: string
  /** Identified people active for the account in the 30 days before `asOf`. */
  activePeople30d: number
  /** The same over the 30 days before those. */
  activePeoplePrev30d: number
  /** UTC days with any activity for the account in the 30 days before `asOf`. */
  activeDays30d: number
  /** Keys of the catalogue's features the account used in the 30 days before `asOf`, sorted. */
  featuresUsed30d: string[]
}

const WINDOW_MS = 30 * DAY_MS

/**
 * Each account's recent activity, for the health score: read from the usage rollups, whose grain is the
 * UTC hour, so the windows are the whole hours [asOf - 30 days, asOf), asOf rounded down to its hour, and
 * the 30 days before. Accounts with no activity in either window are listed (all zeros) when named in
 * `accountIds`, and left out otherwise; sorted by account id.
 */
export async function accountActivity(
  database: HeedDatabase,
  projectId: string,
  { asOf, accountIds }: { asOf: number; accountIds?: readonly string[] },
): Promise<AccountActivity[]> {
  if (accountIds !== undefined && accountIds.length === 0) return []
  const toHour = Math.floor(asOf / HOUR_MS)
  const fromHour = toHour - WINDOW_MS / HOUR_MS
  const prevFromHour = fromHour - WINDOW_MS / HOUR_MS
  const recent = hourRangeSql('a', fromHour, toHour)
  const previous = hourRangeSql('a', prevFromHour, fromHour)
  const used = hourRangeSql('u', fromHour, toHour)
  const only =
    accountIds === undefined ? '' : ` AND a.account_id IN (${accountIds.map(() => '?').join(', ')})`
  const onlyUsed = only.replace('a.account_id', 'u.account_id')
  const ids = accountIds ?? []
  const [people, features] = await Promise.all([
    readRows<{
      account_id: string
      recent: number | string
      previous: number | string
      days: number | string
    }>(
      database,
      `SELECT a.account_id,
COUNT(DISTINCT CASE WHEN ${recent.text} AND a.person_id <> '' THEN a.person_id END) AS recent,
COUNT(DISTINCT CASE WHEN ${previous.text} AND a.person_id <> '' THEN a.person_id END) AS previous,
COUNT(DISTINCT CASE WHEN ${recent.text} THEN a.day END) AS days
FROM usage_activity a WHERE a.project_id = ? AND a.account_id <> '' AND a.day >= ? AND a.day <= ?${only}
GROUP BY a.account_id`,
      [
        ...recent.parameters,
        ...previous.parameters,
        ...recent.parameters,
        projectId,
        Math.floor(prevFromHour / 24),
        Math.floor((toHour - 1) / 24),
        ...ids,
      ],
    ),
    readRows<{ account_id: string; feature_key: string }>(
      database,
      `SELECT DISTINCT u.account_id, u.feature_key FROM feature_usage u
JOIN features f ON f.project_id = u.project_id AND f.key = u.feature_key
WHERE u.project_id = ? AND u.account_id <> '' AND ${used.text}${onlyUsed}`,
      [projectId, ...used.parameters, ...ids],
    ),
  ])
  const byAccount = new Map<string, AccountActivity>()
  const entry = (accountId: string) => {
    let activity = byAccount.get(accountId)
    if (activity === undefined) {
      activity = {
        accountId,
        activePeople30d: 0,
        activePeoplePrev30d: 0,
        activeDays30d: 0,
        featuresUsed30d: [],
      }
      byAccount.set(accountId, activity)
    }
    return activity
  }
  for (const id of ids) entry(id)
  for (const row of people) {
    const activity = entry(row.account_id)
    activity.activePeople30d = Number(row.recent)
    activity.activePeoplePrev30d = Number(row.previous)
    activity.activeDays30d = Number(row.days)
  }
  for (const row of features) entry(row.account_id).featuresUsed30d.push(row.feature_key)
  return [...byAccount.values()]
    .filter(
      (a) =>
        accountIds !== undefined ||
        a.activePeople30d + a.activePeoplePrev30d + a.activeDays30d + a.featuresUsed30d.length > 0,
    )
    .map((a) => ({ ...a, featuresUsed30d: a.featuresUsed30d.sort() }))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
}
