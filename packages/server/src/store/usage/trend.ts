import { type Period, periodsInRange, shiftPeriod } from '@heed/shared/periods/period'
import { MAU_WINDOW_DAYS, stickiness, WAU_WINDOW_DAYS } from '@heed/shared/usage/active-users'
import type { DialectName } from '../../db/dialect'
import type { HeedDatabase } from '../../db/open'
import { valueOfKey } from '../segments/rollups'
import { accountSessionHours } from './account-session-days'
import { LONG_GAP } from './day-gaps'
import { hourBuckets } from './day-map'
import { DAY_MS, HOUR_MS } from './hours'
import { activityFromMonths, type GapRow } from './month-activity'
import { readRows } from './read'
import { scopeSql, type UsageScope } from './scope'
import { keepsZoneDays, localDayOf } from './zone'

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
  // Each reported period's days (their indexes in the range), once for every split key.
  const daysOfPeriod = periods.map((_, index) =>
    periodOfDay.flatMap((p, day) => (p === index && day >= reportFrom ? [day] : [])),
  )
  const counted = await countedGaps(database, query, days)
  // A period of at most LONG_GAP days counts each actor once, on its first active day in the period: the one
  // whose gap back to the actor's previous active day reaches before the period's start. Longer periods
  // (quarters) need each actor's days, which the month rows give, as they give everything the counted
  // tables do not hold.
  const activeFromGaps = daysOfPeriod.every((dayIndexes) => dayIndexes.length <= LONG_GAP)
  const [months, personCounted, accountCounted, sessions] = await Promise.all([
    counted !== null && activeFromGaps
      ? null
      : activityFromMonths(database, query, days, periodOfDay, periods.length),
    counted === null ? null : countedGapRows(database, query, 'p', counted, days.length),
    counted === null ? null : countedGapRows(database, query, 'a', counted, days.length),
    sessionCounts(database, query),
  ])
  const personGaps = personCounted ?? months!.people.gaps
  const accountGaps = accountCounted ?? months!.accounts.gaps
  const personActive = months?.people.active ?? null
  const accountActive = months?.accounts.active ?? null
  const keys = new Set([...personGaps.keys(), ...accountGaps.keys(), ...sessions.keys()])
  const pointsOf = (key: string | null): UsagePoint[] => {
    const people = windowsOf(personGaps.get(key ?? ALL) ?? [], days.length)
    const accounts = windowsOf(accountGaps.get(key ?? ALL) ?? [], days.length)
    const activeOf = (
      active: Map<string, number[]> | null,
      gaps: ReadonlyArray<GapRow>,
      dayIndexes: readonly number[],
      period: number,
    ) => (active === null ? firstDaysIn(gaps, dayIndexes) : (active.get(key ?? ALL)?.[period] ?? 0))
    return periods.map((period, index) => {
      const dayIndexes = daysOfPeriod[index] ?? []
      const session = sessions.get(key ?? ALL)?.[index] ?? { count: 0, totalMs: 0 }
      return {
        label: period.label,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        people: countsOf(
          people,
          dayIndexes,
          activeOf(personActive, personGaps.get(key ?? ALL) ?? [], dayIndexes, index),
        ),
        accounts: countsOf(
          accounts,
          dayIndexes,
          activeOf(accountActive, accountGaps.get(key ?? ALL) ?? [], dayIndexes, index),
        ),
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

/** Whether the local days are the UTC days (UTC, or a zone at UTC+0 all through the range). */
const areUtcDays = (days: readonly Period[]) =>
  days.every(
    (day) => day.start.getTime() % DAY_MS === 0 && day.end.getTime() - day.start.getTime() === DAY_MS,
  )

/** The key of rows counted without a split: the SQL key '' (see scopeSql). */
const ALL = ''

interface Windows {
  dau: number[]
  wau: number[]
  mau: number[]
}

/**
 * Distinct actors over consecutive days of the range: those whose gap back from an active day among them
 * reaches before the first (gap 0: no earlier day in the range, LONG_GAP: none within 30 days). Exact for
 * up to LONG_GAP days, where a capped gap still reaches back past the first.
 */
function firstDaysIn(rows: ReadonlyArray<GapRow>, dayIndexes: readonly number[]): number {
  const from = dayIndexes[0]
  const to = dayIndexes.at(-1)
  if (from === undefined || to === undefined) return 0
  let count = 0
  for (const { day, gap, n } of rows)
    if (day >= from && day <= to && (gap === 0 || gap > day - from)) count += n
  return count
}

/** Daily DAU, WAU and MAU from (day, gap, count) rows; gap 0 stands for an actor's first day in the range. */
function windowsOf(rows: ReadonlyArray<GapRow>, dayCount: number): Windows {
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

/**
 * The table of day-gap counts kept as events are folded that covers the trend's days, and the range's first
 * day in it: the UTC one for UTC days, the zone one when the trend is in the project's time zone and its
 * rollups are built (zone.ts). Only the whole project, without a split, is counted there.
 */
async function countedGaps(
  database: HeedDatabase,
  query: UsageTrendQuery,
  days: readonly Period[],
): Promise<{ table: 'usage_day_gaps' | 'usage_zone_gaps'; firstDay: number } | null> {
  const start = days[0]?.start.getTime()
  if (query.scope.kind !== 'project' || query.splitBy !== undefined || start === undefined) return null
  if (areUtcDays(days)) return { table: 'usage_day_gaps', firstDay: start / DAY_MS }
  if (!keepsZoneDays(query.timeZone)) return null
  const zone = await readRows<{ time_zone: string; phase: string }>(
    database,
    'SELECT time_zone, phase FROM usage_zones WHERE project_id = ?',
    [query.projectId],
  )
  const state = zone[0]
  if (state?.phase !== 'ready' || state.time_zone !== query.timeZone) return null
  const firstDay = localDayOf(start, query.timeZone)
  // Rows are placed by local date: a date the zone skipped (Pacific/Apia's 2011-12-30) has no period.
  const lastDay = localDayOf(days.at(-1)?.start.getTime() ?? start, query.timeZone)
  return lastDay - firstDay === days.length - 1 ? { table: 'usage_zone_gaps', firstDay } : null
}

/** The counted (local day, gap, count) rows of people ('p') or accounts ('a'), under the key ''. */
async function countedGapRows(
  database: HeedDatabase,
  query: UsageTrendQuery,
  kind: 'p' | 'a',
  counted: { table: 'usage_day_gaps' | 'usage_zone_gaps'; firstDay: number },
  dayCount: number,
): Promise<Map<string, GapRow[]>> {
  // Counted as events are folded (day-gaps.ts): a few rows per day.
  const { table, firstDay } = counted
  const rows = await readRows<{ day: number | string; gap: number | string; n: number | string }>(
    database,
    `SELECT day, gap, n FROM ${table} WHERE project_id = ? AND actor_kind = ? AND day >= ? AND day < ?
AND n <> 0`,
    [query.projectId, kind, firstDay, firstDay + dayCount],
  )
  const rowsByDay = rows.map((row) => ({
    day: Number(row.day) - firstDay,
    gap: Number(row.gap),
    n: Number(row.n),
  }))
  return new Map([[ALL, rowsByDay]])
}

/** Sessions by the period they start in: counted per UTC hour of start, then hours folded into periods. */
async function sessionCounts(
  database: HeedDatabase,
  query: UsageTrendQuery,
): Promise<Map<string, Array<{ count: number; totalMs: number }>>> {
  const from = query.periods[0]!.start.getTime()
  const to = query.periods.at(-1)!.end.getTime()
  const fromHour = Math.ceil(from / HOUR_MS)
  const toHour = Math.ceil(to / HOUR_MS)
  // The whole project's sessions are counted by hour as they are kept, a segment's or a split's by account,
  // day and hour; one account's are read from its sessions, by their index.
  type Row = { k: string; h: number | string; n: number | string; ms: number | string }
  let rows: Row[]
  if (query.scope.kind === 'project' && query.splitBy === undefined)
    rows = await readRows<Row>(
      database,
      `SELECT '' AS k, hour AS h, sessions AS n, duration_ms AS ms FROM usage_session_hours
WHERE project_id = ? AND hour >= ? AND hour < ? AND sessions <> 0`,
      [query.projectId, fromHour, toHour],
    )
  else if (query.scope.kind !== 'account')
    rows = (
      await accountSessionHours(database, query, Math.floor(fromHour / 24), Math.floor((toHour - 1) / 24))
    ).filter((row) => row.h >= fromHour && row.h < toHour)
  else {
    const scope = scopeSql(database.dialect as DialectName, 's', query.scope, query.splitBy)
    rows = await readRows<Row>(
      database,
      `SELECT ${scope.key} AS k, s.started_at / ${HOUR_MS} AS h, COUNT(*) AS n, SUM(s.ended_at - s.started_at) AS ms
FROM usage_sessions s${scope.join}
WHERE s.project_id = ? AND s.started_at >= ? AND s.started_at < ?${scope.where}
GROUP BY 1, 2`,
      [
        ...scope.parameters.key,
        query.projectId,
        fromHour * HOUR_MS,
        toHour * HOUR_MS,
        ...scope.parameters.where,
      ],
    )
  }
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
