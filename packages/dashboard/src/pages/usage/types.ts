import type { UsageActor, UsageUnit } from '../../usage-query'

/** The usage API's answers as the dashboard reads them (see the server's routes/admin/usage.ts). */

export interface ActiveCountsJson {
  /** Distinct active over the whole period. */
  active: number
  /** Mean of the daily counts over the period's days. */
  dau: number
  /** Distinct active in the 7 days ending with the period's last day. */
  wau: number
  /** Distinct active in the 30 days ending with the period's last day. */
  mau: number
  /** Mean over the period's days of DAU ÷ MAU; null when nobody was active in any of the 30-day windows. */
  stickiness: number | null
}

export interface UsagePointJson {
  label: string
  start: string
  end: string
  people: ActiveCountsJson
  accounts: ActiveCountsJson
  sessions: { count: number; averageDurationMs: number | null }
}

export interface UsageTrendJson {
  period: string
  timeZone: string
  /** Stored events not yet folded into the figures (0 once caught up). */
  lagEvents: number
  points: UsagePointJson[]
}

export interface AdoptionCountsJson {
  people: number
  accounts: number
  /** Share of the people active in the range; null when nobody was. */
  peopleShare: number | null
  accountsShare: number | null
}

export interface FeatureAdoptionJson {
  key: string
  label: string
  /** Over the whole range. */
  total: AdoptionCountsJson
}

export interface AdoptionJson {
  lagEvents: number
  /** A catalogue change is being counted again: the figures are partial until it ends. */
  rebuilding: boolean
  features: FeatureAdoptionJson[]
}

/** What the page's trend charts are given: the trend's points, whose counts, by which period, in which zone. */
export interface TrendChartProps {
  points: UsagePointJson[]
  actor: UsageActor
  unit: UsageUnit
  timeZone: string
}
