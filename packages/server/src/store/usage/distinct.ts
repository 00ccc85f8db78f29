import type { Period } from '@heed/shared/periods/period'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { bucketMap, bucketMapSql } from './day-map'
import { readRows } from './read'
import { scopeSql, type UsageScope } from './scope'

export type Actor = 'person_id' | 'account_id'

/**
 * Distinct users of each feature per period, from `feature_usage`'s (day, hour mask) rows, keyed by the
 * split's value key ('' without a split) and the feature: `${split}\u0000${feature}`.
 */
export async function distinctPerPeriod(
  database: HeedDatabase,
  query: {
    projectId: string
    periods: readonly Pick<Period, 'start' | 'end'>[]
    scope: UsageScope
    splitBy?: string
  },
  actor: Actor,
): Promise<Map<string, number[]>> {
  const periodMap = bucketMap(query.periods)
  if (periodMap.length === 0) return new Map()
  const map = bucketMapSql('m', periodMap)
  const scope = scopeSql(database.dialect as DialectName, 'a', query.scope, query.splitBy)
  const days = periodMap.map(([day]) => day)
  const rows = await readRows<{ k: string; f: string; p: number | string; n: number | string }>(
    database,
    `WITH ${map.text}
SELECT ${scope.key} AS k, a.feature_key AS f, m.bucket AS p, COUNT(DISTINCT a.${actor}) AS n
FROM feature_usage a JOIN m ON m.utc_day = a.day${scope.join}
WHERE a.project_id = ? AND a.day >= ? AND a.day <= ? AND a.${actor} <> '' AND (a.hours & m.mask) <> 0${scope.where}
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
  const byKey = new Map<string, number[]>()
  for (const row of rows) {
    const key = `${row.k}\u0000${row.f}`
    const counts = byKey.get(key) ?? new Array<number>(query.periods.length).fill(0)
    counts[Number(row.p)] = Number(row.n)
    byKey.set(key, counts)
  }
  return byKey
}
