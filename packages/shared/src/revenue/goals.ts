/**
 * Metrics a project can set goals on. Rates are fractions (1 = 100%), NPS is −100..100, and
 * `detractorFollowUpWithinSla` is the share of detractor cases first contacted within the SLA.
 */
export const GOAL_METRICS = [
  'netRevenueRetention',
  'grossRevenueRetention',
  'expansionRate',
  'contractionRate',
  'revenueChurnRate',
  'customerChurnRate',
  'logoRetention',
  'quickRatio',
  'nps',
  'detractorFollowUpWithinSla',
] as const
export type GoalMetric = (typeof GOAL_METRICS)[number]

export const GOAL_COMPARISONS = ['>=', '>', '<=', '<'] as const
export type GoalComparison = (typeof GOAL_COMPARISONS)[number]

/** "metric comparison target": e.g. NRR ≥ 1 (100%), churn < 0.015 (1.5%), NPS ≥ 40. */
export interface Goal {
  metric: GoalMetric
  comparison: GoalComparison
  target: number
}

/** Whether a result meets its goal; null when there is no result (a rate over nothing), which neither meets nor misses. */
export function goalMet(goal: Pick<Goal, 'comparison' | 'target'>, result: number | null): boolean | null {
  if (result === null) return null
  switch (goal.comparison) {
    case '>=':
      return result >= goal.target
    case '>':
      return result > goal.target
    case '<=':
      return result <= goal.target
    case '<':
      return result < goal.target
  }
}
