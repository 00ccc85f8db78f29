import type { Period } from '@heed/shared/periods/period'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { bucketMap, bucketMapSql } from './day-map'
import { readRows } from './read'
import { scopeSql, type UsageScope } from './scope'

/**
 * Distinct people and accounts using each feature per period, from `feature_usage`'s (day, hour mask) rows,
 * keyed by the split's value key ('' without a split) and the feature: `${split}\u0000${feature}`. Both are
 * counted in one pass over the rows ('' stands for no person or no account, and is not counted).
 */
export async function distinctPerPeriod(
  database: HeedDatabase,
  query: {
    projectId: string
    periods: readonly Pick<Period, 'start' | 'end'>[]
    scope: UsageScope
    splitBy?: string
  },
): Promise<{ people: Map<string, number[]>; accounts: Map<string, number[]> }> {
  const periodMap = bucketMap(query.periods)
  if (periodMap.length === 0) return { people: new Map(), accounts: new Map() }
  const map = bucketMapSql('m', periodMap)
  const scope = scopeSql(database.dialect as DialectName, 'a', query.scope, query.splitBy)
  const days = periodMap.map(([day]) => day)
  const rows = await readRows<{
    k: string
    f: string
    p: number | string
    people: number | string
    accounts: number | string
  }>(
    database,
    `WITH ${map.text}
SELECT ${scope.key} AS k, a.feature_key AS f, m.bucket AS p, COUNT(DISTINCT NULLIF(a.person_id, '')) AS people,
COUNT(DISTINCT NULLIF(a.account_id, '')) AS accounts
FROM feature_usage a JOIN m ON m.utc_day = a.day${scope.join}
WHERE a.project_id = ? AND a.day >= ? AND a.day <= ? AND (a.hours & m.mask) <> 0${scope.where}
GROUP BY 1, 2, 3`,
    [
      ...map.parameters,
      ...scope.parameters.key,
      query.projectId,
      Math.min(...days),
      Math.max(...days),
      ...scope.parameters.where,
    ],
  )
  const people = new Map<string, number[]>()
  const accounts = new Map<string, number[]>()
  for (const row of rows) {
    const key = `${row.k}\u0000${row.f}`
    for (const [byKey, n] of [
      [people, row.people],
      [accounts, row.accounts],
    ] as const) {
      const counts = byKey.get(key) ?? new Array<number>(query.periods.length).fill(0)
      counts[Number(row.p)] = Number(n)
      byKey.set(key, counts)
    }
  }
  return { people, accounts }
}
