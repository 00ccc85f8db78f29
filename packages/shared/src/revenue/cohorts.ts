import { type Ratio, ratio } from './ratio'

/** What a cohort still had some months after it started: accounts paying and their MRR. */
export interface CohortPoint {
  accounts: number
  mrr: number
}

/**
 * Accounts grouped by their first paid month (`label`, e.g. '2026-01'). `base` is the cohort at the end of
 * that month; `kept[k - 1]` is what of it still paid k months later (only the cohort's own accounts, so a
 * cohort's MRR kept can exceed 100% through expansion, never through new customers).
 */
export interface Cohort {
  label: string
  base: CohortPoint
  kept: CohortPoint[]
}

export interface CohortRetention {
  label: string
  base: CohortPoint
  /** After 1..N months: logos kept ÷ base logos, and MRR kept ÷ base MRR. */
  after: { months: number; logos: Ratio; mrr: Ratio }[]
}

/** Retention of each cohort after 1..N months. */
export function cohortRetention(cohort: Cohort): CohortRetention {
  return {
    label: cohort.label,
    base: cohort.base,
    after: cohort.kept.map((point, index) => ({
      months: index + 1,
      logos: ratio(point.accounts, cohort.base.accounts),
      mrr: ratio(point.mrr, cohort.base.mrr),
    })),
  }
}
