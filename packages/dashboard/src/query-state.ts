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

export interface DashboardQuery {
  period: PeriodKey
  kind: Kind
  /** One survey instead of every survey of the kind. */
  surveyId?: string
  bucket?: BucketKey
  hasComment?: boolean
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
