import { type Period, periodsInRange, shiftPeriod } from '@heed/shared/periods/period'
import { MAU_WINDOW_DAYS, stickiness, WAU_WINDOW_DAYS } from '@heed/shared/usage/active-users'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { valueOfKey } from '../segments/rollups'
import { bucketMap, bucketMapSql, hourBuckets } from './day-map'
import { type Actor, distinctPerPeriod } from './distinct'
import { HOUR_MS } from './hours'
import { readRows } from './read'
import { scopeSql, type UsageScope } from './scope'

/** Local days a trend may span with the 29 days before its first: ten years. */
export const MAX_TREND_DAYS = 3700

export interface ActiveCounts {
  /** Distinct active over the whole period. */
  active: number
  /** Mean of the daily active counts over the period's days. */
  dau: number
  /** Distinct active over the 7 local days ending with the period's last day. */
  wau: number
  /** Distinct active over the 30 local days ending with the period's last day. */
  mau: number
  /** Mean over the period's days of DAU ÷ MAU (days with MAU 0 left out); null when every day had MAU 0. */
  stickiness: number | null
}

export interface UsagePoint {
  label: string
  start: string
  end: string
  people: ActiveCounts
  accounts: ActiveCounts
  sessions: { count: number; averageDurationMs: number | null }
}

export interface UsageTrend {
  points: UsagePoint[]
  /** With splitBy: the same points per value of the account trait (null: no account or no such trait). */
  segments?: Array<{ value: string | null; points: UsagePoint[] }>
}

export interface UsageTrendQuery {
  projectId: string
  periods: readonly Period[]
  timeZone: string
  scope: UsageScope
  splitBy?: string
}

/**
 * DAU, WAU, MAU, stickiness and sessions per period, from the rollups only. Distinct counts over sliding
 * windows come from each actor's active local days in one pass: for an actor active on day d whose previous
 * active day was d - g, a window of W days covering d..d+W-1 adds days max(d, d - g + W)..d+W-1 to the
 * actor's coverage, so the query returns how many (day, gap) pairs there are and the windows are prefix sums
 * of +1/-1 changes, as activeUsersByDay computes them from events in shared.
 */
export async function usageTrend(database: HeedDatabase, query: UsageTrendQuery): Promise<UsageTrend> {
  const { periods, timeZone } = query
  const first = periods[0]
  const last = periods.at(-1)
  if (first === undefined || last === undefined) return { points: [] }
  const days = periodsInRange(
    shiftPeriod(first.start, -(MAU_WINDOW_DAYS - 1), 'day', timeZone),
    last.end,
    'day',
    timeZone,
    {
      maxPeriods: MAX_TREND_DAYS,
    },
  )
  const reportFrom = days.findIndex((day) => day.start.getTime() >= first.start.getTime())
  const periodOfDay = days.map((day) => periods.findIndex((p) => p.start <= day.start && day.start < p.end))
  const dayMap = bucketMap(days)
  // Day periods: each period is one of the days, and its active count is that day's DAU.
  const oneDayPeriods = periods.length === days.length - reportFrom
  const [personGaps, accountGaps, personActive, accountActive, sessions] = await Promise.all([
    gapCounts(database, query, dayMap, 'person_id'),
    gapCounts(database, query, dayMap, 'account_id'),
    oneDayPeriods ? null : distinctPerPeriod(database, query, 'usage_activity', 'person_id'),
    oneDayPeriods ? null : distinctPerPeriod(database, query, 'usage_activity', 'account_id'),
    sessionCounts(database, query),
  ])
  const keys = new Set([...personGaps.keys(), ...accountGaps.keys(), ...sessions.keys()])
  const pointsOf = (key: string | null): UsagePoint[] => {
    const people = windowsOf(personGaps.get(key ?? ALL) ?? [], days.length)
    const accounts = windowsOf(accountGaps.get(key ?? ALL) ?? [], days.length)
    const activeOf = (active: Map<string, number[]> | null, windows: Windows, period: number) =>
      active === null ? (windows.dau[reportFrom + period] ?? 0) : (active.get(key ?? ALL)?.[period] ?? 0)
    return periods.map((period, index) => {
      const dayIndexes = periodOfDay.flatMap((p, day) => (p === index && day >= reportFrom ? [day] : []))
      const session = sessions.get(key ?? ALL)?.[index] ?? { count: 0, totalMs: 0 }
      return {
        label: period.label,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        people: countsOf(people, dayIndexes, activeOf(personActive, people, index)),
        accounts: countsOf(accounts, dayIndexes, activeOf(accountActive, accounts, index)),
        sessions: {
          count: session.count,
          averageDurationMs: session.count === 0 ? null : session.totalMs / session.count,
        },
      }
    })
  }
  if (query.splitBy === undefined) return { points: pointsOf(null) }
  const segments = [...keys].sort().map((key) => ({ value: valueOfKey(key), points: pointsOf(key) }))
  return {
    points: await usageTrend(database, { ...query, splitBy: undefined }).then((t) => t.points),
    segments,
  }
}

/** The key of rows counted without a split: the SQL key '' (see scopeSql). */
const ALL = ''

interface Windows {
  dau: number[]
  wau: number[]
  mau: number[]
}

/** Daily DAU, WAU and MAU from (day, gap, count) rows; gap 0 stands for an actor's first day in the range. */
function windowsOf(rows: ReadonlyArray<{ day: number; gap: number; n: number }>, dayCount: number): Windows {
  const changes = (window: number) => {
    const delta = new Array<number>(dayCount + window + 1).fill(0)
    for (const { day, gap, n } of rows) {
      const start = gap === 0 || gap >= window ? day : day - gap + window
      delta[start]! += n
      delta[day + window]! -= n
    }
    let running = 0
    return Array.from({ length: dayCount }, (_, day) => {
      running += delta[day]!
      return running
    })
  }
  return { dau: changes(1), wau: changes(WAU_WINDOW_DAYS), mau: changes(MAU_WINDOW_DAYS) }
}

function countsOf(windows: Windows, dayIndexes: readonly number[], active: number): ActiveCounts {
  const lastDay = dayIndexes.at(-1)
  const daily = dayIndexes.map((day) => windows.dau[day] ?? 0)
  const ratios = dayIndexes.flatMap((day) => {
    const ratio = stickiness(windows.dau[day] ?? 0, windows.mau[day] ?? 0)
    return ratio === null ? [] : [ratio]
  })
  return {
    active,
    dau: daily.length === 0 ? 0 : daily.reduce((sum, n) => sum + n, 0) / daily.length,
    wau: lastDay === undefined ? 0 : (windows.wau[lastDay] ?? 0),
    mau: lastDay === undefined ? 0 : (windows.mau[lastDay] ?? 0),
    stickiness: ratios.length === 0 ? null : ratios.reduce((sum, r) => sum + r, 0) / ratios.length,
  }
}

const spanOf = (map: ReadonlyArray<readonly [number, number, number]>) => ({
  from: Math.min(...map.map(([day]) => day)),
  to: Math.max(...map.map(([day]) => day)),
})

/** (key, local day, gap to the actor's previous active day capped at 31, or 0 for none) with counts. */
async function gapCounts(
  database: HeedDatabase,
  query: UsageTrendQuery,
  dayMap: ReturnType<typeof bucketMap>,
  actor: Actor,
): Promise<Map<string, Array<{ day: number; gap: number; n: number }>>> {
  const map = bucketMapSql('m', dayMap)
  const scope = scopeSql(database.dialect as DialectName, 'a', query.scope, query.splitBy)
  const { from, to } = spanOf(dayMap)
  const rows = await readRows<{ k: string; d: number | string; gap: number | string; n: number | string }>(
    database,
    `WITH ${map.text},
pd AS (SELECT DISTINCT ${scope.key} AS k, a.${actor} AS actor, m.bucket AS d
FROM usage_activity a JOIN m ON m.utc_day = a.day${scope.join}
WHERE a.project_id = ? AND a.day >= ? AND a.day <= ? AND a.${actor} <> '' AND (a.hours & m.mask) <> 0${scope.where}),
g AS (SELECT k, d, d - LAG(d) OVER (PARTITION BY k, actor ORDER BY d) AS gap FROM pd)
SELECT k, d, CASE WHEN gap IS NULL THEN 0 WHEN gap > ${MAU_WINDOW_DAYS} THEN ${MAU_WINDOW_DAYS + 1} ELSE gap END AS gap,
COUNT(*) AS n FROM g GROUP BY k, d, 3`,
    [...map.parameters, ...scope.parameters.key, query.projectId, from, to, ...scope.parameters.where],
  )
  const byKey = new Map<string, Array<{ day: number; gap: number; n: number }>>()
  for (const row of rows) {
    const list = byKey.get(row.k) ?? []
    list.push({ day: Number(row.d), gap: Number(row.gap), n: Number(row.n) })
    byKey.set(row.k, list)
  }
  return byKey
}

/** Sessions by the period they start in: counted per UTC hour of start, then hours folded into periods. */
async function sessionCounts(
  database: HeedDatabase,
  query: UsageTrendQuery,
): Promise<Map<string, Array<{ count: number; totalMs: number }>>> {
  const scope = scopeSql(database.dialect as DialectName, 's', query.scope, query.splitBy)
  const from = query.periods[0]!.start.getTime()
  const to = query.periods.at(-1)!.end.getTime()
  const rows = await readRows<{ k: string; h: number | string; n: number | string; ms: number | string }>(
    database,
    `SELECT ${scope.key} AS k, s.started_at / ${HOUR_MS} AS h, COUNT(*) AS n, SUM(s.ended_at - s.started_at) AS ms
FROM usage_sessions s${scope.join}
WHERE s.project_id = ? AND s.started_at >= ? AND s.started_at < ?${scope.where}
GROUP BY 1, 2`,
    [
      ...scope.parameters.key,
      query.projectId,
      Math.ceil(from / HOUR_MS) * HOUR_MS,
      Math.ceil(to / HOUR_MS) * HOUR_MS,
      ...scope.parameters.where,
    ],
  )
  const periodOf = hourBuckets(query.periods)
  const byKey = new Map<string, Array<{ count: number; totalMs: number }>>()
  for (const row of rows) {
    const period = periodOf(Number(row.h))
    if (period === undefined) continue
    const list =
      byKey.get(row.k) ?? Array.from({ length: query.periods.length }, () => ({ count: 0, totalMs: 0 }))
    list[period]!.count += Number(row.n)
    list[period]!.totalMs += Number(row.ms)
    byKey.set(row.k, list)
  }
  return byKey
}
