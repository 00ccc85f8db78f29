import { type PeriodUnit, periodStart, shiftPeriod } from '@heed/shared/periods/period'

/**
 * The usage page's query, modelled once from the URL like the dashboard's other queries: how far back, by
 * which calendar unit, people or accounts, and an optional segment of accounts. A link holds the whole view.
 */

export const USAGE_RANGES = ['30d', '90d', '12mo'] as const
export type UsageRange = (typeof USAGE_RANGES)[number]
export const USAGE_UNITS = ['day', 'week', 'month'] as const
export type UsageUnit = (typeof USAGE_UNITS)[number] & PeriodUnit
export const USAGE_ACTORS = ['people', 'accounts'] as const
export type UsageActor = (typeof USAGE_ACTORS)[number]

export const USAGE_RANGE_LABELS: Record<UsageRange, string> = {
  '30d': '30 days',
  '90d': '90 days',
  '12mo': '12 months',
}

/**
 * The units each range may be read by, the first its default: a month of 30 days would be one point, and
 * 365 days would crowd a phone's chart into a smear.
 */
export const UNITS_OF_RANGE: Record<UsageRange, readonly UsageUnit[]> = {
  '30d': ['day', 'week'],
  '90d': ['week', 'day', 'month'],
  '12mo': ['month', 'week'],
}

/** How many periods of a unit make a range: 30 days, 13 weeks, 12 months. */
const PERIODS_OF_RANGE: Record<UsageRange, Record<UsageUnit, number>> = {
  '30d': { day: 30, week: 4, month: 1 },
  '90d': { day: 90, week: 13, month: 3 },
  '12mo': { day: 365, week: 52, month: 12 },
}

/** `segment=<account trait>:<value>`, as the API takes it. */
export interface UsageSegment {
  trait: string
  value: string
}

export interface UsageQuery {
  range: UsageRange
  unit: UsageUnit
  actor: UsageActor
  segment?: UsageSegment
}

export const DEFAULT_USAGE_QUERY: UsageQuery = { range: '90d', unit: 'week', actor: 'people' }

const oneOf = <T extends string>(words: readonly T[], value: string | undefined): T | undefined =>
  words.find((word) => word === value)

/** The API's rule for trait names. */
const TRAIT_NAME = /^[\w.-]{1,100}$/

/** The query of the page's URL parameters; unknown values, or a unit the range does not offer, fall back. */
export function parseUsageQuery(params: Record<string, string | undefined>): UsageQuery {
  const range = oneOf(USAGE_RANGES, params.period) ?? DEFAULT_USAGE_QUERY.range
  const units = UNITS_OF_RANGE[range]
  const query: UsageQuery = {
    range,
    unit: oneOf(units, params.by) ?? (units[0] as UsageUnit),
    actor: oneOf(USAGE_ACTORS, params.who) ?? DEFAULT_USAGE_QUERY.actor,
  }
  const segment = /^([^:]+):(.{1,200})$/s.exec(params.segment ?? '')
  if (segment?.[1] && segment[2] && TRAIT_NAME.test(segment[1]))
    query.segment = { trait: segment[1], value: segment[2] }
  return query
}

/**
 * A link to the usage page showing `query` changed by `change`. Defaults are left out so links stay short; a
 * new range keeps the unit when it offers it, and otherwise takes its own default.
 */
export function usageLink(query: UsageQuery, change: Partial<UsageQuery> = {}): string {
  const merged: UsageQuery = { ...query, ...change }
  if ('segment' in change && change.segment === undefined) delete merged.segment
  const units = UNITS_OF_RANGE[merged.range]
  if (!units.includes(merged.unit)) merged.unit = units[0] as UsageUnit
  const params: Record<string, string> = {}
  if (merged.range !== DEFAULT_USAGE_QUERY.range) params.period = merged.range
  if (merged.unit !== units[0]) params.by = merged.unit
  if (merged.actor !== DEFAULT_USAGE_QUERY.actor) params.who = merged.actor
  if (merged.segment) params.segment = `${merged.segment.trait}:${merged.segment.value}`
  const search = new URLSearchParams(params).toString()
  return search === '' ? '/app/usage' : `/app/usage?${search}`
}

/**
 * The API's range for a query: whole periods of its unit in the project's time zone, ending where the
 * period holding `now` begins. The period still running is left out: its mean DAU would count the days to
 * come as empty, and its WAU and MAU would be read at a day that has not happened, so it would always look
 * like a fall.
 */
export function usageRange(
  query: Pick<UsageQuery, 'range' | 'unit'>,
  now: number,
  timeZone: string,
): { from: string; to: string } {
  const to = periodStart(new Date(now), query.unit, timeZone)
  const from = shiftPeriod(to, -PERIODS_OF_RANGE[query.range][query.unit], query.unit, timeZone)
  return { from: from.toISOString(), to: to.toISOString() }
}

/** The API parameters shared by the trend and the adoption: the range, its unit, and the segment. */
export function usageApiParams(query: UsageQuery, now: number, timeZone: string): Record<string, string> {
  return {
    ...usageRange(query, now, timeZone),
    period: query.unit,
    timeZone,
    ...(query.segment && { segment: `${query.segment.trait}:${query.segment.value}` }),
  }
}
