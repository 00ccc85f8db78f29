/**
 * A directional reference for NPS in B2B SaaS: where published industry surveys of B2B software companies
 * have tended to put the typical NPS, roughly 30 to 40 points. It is deliberately a range, shown as a band
 * and labelled "directional": the sources disagree by year, region, sample and how they ask, so it says
 * whether a score is in the usual neighbourhood, never whether it beats a competitor. It is not a goal
 * (those are the team's own, under Settings → Goals). Defined once here and in docs/metrics.md.
 */
export const NPS_BENCHMARK = {
  low: 30,
  high: 40,
  label: 'B2B SaaS benchmark, 30 to 40 (directional)',
} as const
