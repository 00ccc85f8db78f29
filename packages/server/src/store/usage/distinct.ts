import type { Period } from '@heed/shared/periods/period'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { bucketMap, bucketMapSql } from './day-map'
import { readRows } from './read'
import { scopeSql, type UsageScope } from './scope'

export type Actor = 'person_id' | 'account_id'

/**
 * Distinct actors per period from a rollup of (day, hour mask) rows, keyed by the split's value key ('' without
 * a split), or by feature with `feature_usage`: `${split}\u0000${feature}`.
 */
export async function distinctPerPeriod(
  database: HeedDatabase,
  query: {
    projectId: string
    periods: readonly Pick<Period, 'start' | 'end'>[]
    scope: UsageScope
    splitBy?: string
  },
  table: 'usage_activity' | 'feature_usage',
  actor: Actor,
): Promise<Map<string, number[]>> {
  const periodMap = bucketMap(query.periods)
  if (periodMap.length === 0) return new Map()
  const map = bucketMapSql('m', periodMap)
  const scope = scopeSql(database.dialect as DialectName, 'a', query.scope, query.splitBy)
  const feature = table === 'feature_usage' ? 'a.feature_key' : "''"
  const days = periodMap.map(([day]) => day)
  const rows = await readRows<{ k: string; f: string; p: number | string; n: number | string }>(
    database,
    `WITH ${map.text}
SELECT ${scope.key} AS k, ${feature} AS f, m.bucket AS p, COUNT(DISTINCT a.${actor}) AS n
FROM ${table} a JOIN m ON m.utc_day = a.day${scope.join}
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
    const key = table === 'feature_usage' ? `${row.k}\u0000${row.f}` : row.k
    const counts = byKey.get(key) ?? new Array<number>(query.periods.length).fill(0)
    counts[Number(row.p)] = Number(row.n)
    byKey.set(key, counts)
  }
  return byKey
}
