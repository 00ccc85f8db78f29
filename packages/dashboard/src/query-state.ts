/**
 * The dashboard's query, modelled once from the URL: period, survey kind or survey, and the list filters.
 * Every view is a link: the URL holds the whole query, and links are made by changing it.
 */

export const PERIODS = ['7d', '30d', '90d', '12mo'] as const
export type PeriodKey = (typeof PERIODS)[number]
export const KINDS = ['nps', 'csat', 'ces'] as const
export type Kind = (typeof KINDS)[number]
export const BUCKETS = ['detractor', 'passive', 'promoter'] as const
export type BucketKey = (typeof BUCKETS)[number]
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const
export type SentimentKey = (typeof SENTIMENTS)[number]

/** A segment of the answers: people whose trait `name` had `value` when they answered (e.g. plan = pro). */
export interface Segment {
  name: string
  value: string
}

export interface DashboardQuery {
  period: PeriodKey
  kind: Kind
  /** One survey instead of every survey of the kind. */
  surveyId?: string
  bucket?: BucketKey
  hasComment?: boolean
  sentiment?: SentimentKey
  /** A theme key of the project's taxonomy. */
  theme?: string
  segment?: Segment
}

export const DEFAULT_QUERY: DashboardQuery = { period: '30d', kind: 'nps' }

const oneOf = <T extends string>(words: readonly T[], value: string | undefined): T | undefined =>
  words.find((word) => word === value)

/** The query of a URL's parameters; unknown or malformed values fall back to the defaults. */
export function parseQuery(params: Record<string, string | undefined>): DashboardQuery {
  const query: DashboardQuery = {
    period: oneOf(PERIODS, params.period) ?? DEFAULT_QUERY.period,
    kind: oneOf(KINDS, params.kind) ?? DEFAULT_QUERY.kind,
  }
  if (params.survey && /^[\w-]{1,64}$/.test(params.survey)) query.surveyId = params.survey
  const bucket = oneOf(BUCKETS, params.bucket)
  if (bucket) query.bucket = bucket
  if (params.comment === 'yes') query.hasComment = true
  const sentiment = oneOf(SENTIMENTS, params.sentiment)
  if (sentiment) query.sentiment = sentiment
  if (params.theme && /^[\w-]{1,40}$/.test(params.theme)) query.theme = params.theme
  // 'plan:pro': the trait's name follows the API's rule for names; the value is anything after the colon.
  const segment = /^([\w.-]{1,100}):(.{1,200})$/s.exec(params.segment ?? '')
  if (segment?.[1] && segment[2]) query.segment = { name: segment[1], value: segment[2] }
  return query
}

/** The URL parameters of a query, leaving out the defaults so links stay short. */
export function queryParams(query: DashboardQuery): Record<string, string> {
  const params: Record<string, string> = {}
  if (query.period !== DEFAULT_QUERY.period) params.period = query.period
  if (query.kind !== DEFAULT_QUERY.kind) params.kind = query.kind
  if (query.surveyId) params.survey = query.surveyId
  if (query.bucket) params.bucket = query.bucket
  if (query.hasComment) params.comment = 'yes'
  if (query.sentiment) params.sentiment = query.sentiment
  if (query.theme) params.theme = query.theme
  if (query.segment) params.segment = `${query.segment.name}:${query.segment.value}`
  return params
}

/** A link to `path` showing `query` changed by `change`. */
export function linkTo(path: string, query: DashboardQuery, change: Partial<DashboardQuery> = {}): string {
  const merged = { ...query, ...change }
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete merged[key as keyof DashboardQuery]
  }
  const search = new URLSearchParams(queryParams(merged)).toString()
  return search === '' ? path : `${path}?${search}`
}

const DAY = 86_400_000
const PERIOD_DAYS: Record<PeriodKey, number> = { '7d': 7, '30d': 30, '90d': 90, '12mo': 365 }
export const PERIOD_LABELS: Record<PeriodKey, string> = {
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '12mo': '12 months',
}

/** The period as an instant range ending now, and the same length just before it (for the comparison). */
export function periodRange(period: PeriodKey, now: number) {
  const length = PERIOD_DAYS[period] * DAY
  const iso = (time: number) => new Date(time).toISOString()
  return {
    current: { from: iso(now - length), to: iso(now) },
    previous: { from: iso(now - 2 * length), to: iso(now - length) },
    /** The trend's granularity: about a dozen points or more. */
    unit: period === '7d' ? 'day' : period === '12mo' ? 'month' : period === '90d' ? 'week' : 'day',
  } as const
}

/** The revenue page's query: how many months back, by month or quarter, and an optional account trait to split by. */
export const REVENUE_RANGES = ['12', '24', '36'] as const
export type RevenueRange = (typeof REVENUE_RANGES)[number]
export const REVENUE_PERIODS = ['month', 'quarter'] as const
export type RevenuePeriod = (typeof REVENUE_PERIODS)[number]

export interface RevenueQuery {
  months: RevenueRange
  period: RevenuePeriod
  /** An account trait's name, e.g. 'plan' (the API's `splitBy=trait:plan`). */
  splitBy?: string
}

export const DEFAULT_REVENUE_QUERY: RevenueQuery = { months: '12', period: 'month' }

export function parseRevenueQuery(params: Record<string, string | undefined>): RevenueQuery {
  const query: RevenueQuery = {
    months: oneOf(REVENUE_RANGES, params.months) ?? DEFAULT_REVENUE_QUERY.months,
    period: oneOf(REVENUE_PERIODS, params.period) ?? DEFAULT_REVENUE_QUERY.period,
  }
  // The API's rule for trait names.
  if (params.split && /^[\w.-]{1,100}$/.test(params.split)) query.splitBy = params.split
  return query
}

/** A link to the revenue page showing `query` changed by `change`; defaults are left out. */
export function revenueLink(query: RevenueQuery, change: Partial<RevenueQuery> = {}): string {
  const merged = { ...query, ...change }
  const params: Record<string, string> = {}
  if (merged.months !== DEFAULT_REVENUE_QUERY.months) params.months = merged.months
  if (merged.period !== DEFAULT_REVENUE_QUERY.period) params.period = merged.period
  if (merged.splitBy && !('splitBy' in change && change.splitBy === undefined)) params.split = merged.splitBy
  const search = new URLSearchParams(params).toString()
  return search === '' ? '/app/revenue' : `/app/revenue?${search}`
}

/**
 * The API range of the last `months` months up to `now`: from the middle of the first month (any instant of it
 * makes the server start at that month's start in the project's time zone) to now.
 */
export function revenueRange(months: RevenueRange, now: number): { from: string; to: string } {
  const today = new Date(now)
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (Number(months) - 1), 15, 12))
  return { from: first.toISOString(), to: new Date(now).toISOString() }
}

/** A month as 'YYYY-MM' from the URL, or the month before `now` (the last complete one) by default. */
export function parseReportMonth(param: string | undefined, now: number): string {
  if (param && /^\d{4}-(0[1-9]|1[0-2])$/.test(param)) return param
  const today = new Date(now)
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)
}

/** The month `offset` months from 'YYYY-MM'. */
export function shiftMonth(month: string, offset: number): string {
  const [year, number] = month.split('-').map(Number)
  return new Date(Date.UTC(year as number, (number as number) - 1 + offset, 1)).toISOString().slice(0, 7)
}

/**
 * The admin API's filters of the responses a query shows, over its period up to `now`: the listing and its
 * CSV export take the same ones, so the download is the list on screen.
 */
export function responseFilter(query: DashboardQuery, now: number): Record<string, string | undefined> {
  return {
    from: periodRange(query.period, now).current.from,
    surveyId: query.surveyId,
    bucket: query.bucket,
    hasComment: query.hasComment ? 'true' : undefined,
    sentiment: query.sentiment,
    theme: query.theme,
    ...(query.segment && { [`trait.${query.segment.name}`]: query.segment.value }),
  }
}
