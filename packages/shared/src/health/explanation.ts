import type { HealthBand } from './bands'
import type { HealthComponentKey } from './model'

/** One component of a score: what was measured, the points it earned, and its share of the score. */
export interface HealthComponentScore {
  key: HealthComponentKey
  /** The measured value in the component's unit (`unit`), or null when the account has no data for it. */
  raw: number | null
  unit: string
  /** 0-100 from the model's thresholds; null when `raw` is null. */
  points: number | null
  /** The weight the model gives the component. */
  weight: number
  /** The weight after the components without data were left out: the weights that count sum to 1. */
  effectiveWeight: number
  /** points × effectiveWeight: the components' contributions sum to the score (before rounding). */
  contribution: number
  /** What the component says, in words a CSM can repeat to the customer. */
  sentence: string
}

/** An account's health score with everything needed to explain it. */
export interface HealthExplanation {
  /** 0-100, rounded; null when no component had data. */
  score: number | null
  band: HealthBand | null
  components: HealthComponentScore[]
  /** Components left out for want of data; the other weights were renormalised to make up for them. */
  missing: HealthComponentKey[]
  /** One line: the score, the band and what drove it, saying which data was missing. */
  summary: string
}
