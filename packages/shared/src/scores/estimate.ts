import type { BucketCounts } from './buckets'
import type { ScoreCount } from './histogram'
import type { Scale } from './scales'

/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal distribution. */
export const Z_95 = 1.959963984540054

/**
 * A point estimate with its 95% interval; `low <= value <= high` always, and all three lie within what the
 * quantity can take. `standardError` is the spread of the estimate's sampling distribution in the same unit
 * as `value`; comparisons of two estimates combine it (see `compareScores`).
 */
export interface Estimate {
  value: number
  low: number
  high: number
  standardError: number
}

function assertSampleSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`sample size must be a positive integer, got ${n}`)
}

/**
 * The normal interval value ± z·standardError, cut to `range`. Cutting keeps the interval to values the
 * quantity can take; `value` must lie in `range`, so it stays inside its interval.
 */
export function normalEstimate(value: number, standardError: number, range: Scale): Estimate {
  const margin = Z_95 * standardError
  return {
    value,
    low: Math.max(range.min, value - margin),
    high: Math.min(range.max, value + margin),
    standardError,
  }
}

/**
 * Share of `successes` among `n` responses, in percent (0..100), with the Wilson score interval. Wilson rather
 * than the textbook Wald interval p ± z·√(p(1−p)/n) because Wald collapses to zero width at 0% and 100% and
 * undercovers for small n, while Wilson stays inside 0..100 and keeps its coverage close to 95%.
 * `standardError` is √(p̃(1−p̃)/n) with p̃ the Wilson centre (p + z²/2n) / (1 + z²/n): the usual binomial
 * standard error, but never zero, so a unanimous sample still compares with honest uncertainty. (The Wilson
 * half-width over z was the other candidate; it is too small near 50% for small n, and in simulation equal
 * shares compared "significant" up to 18% of the time at n = 5-10 with it, against mostly near 5% with p̃.)
 */
export function proportionEstimate(successes: number, n: number): Estimate {
  assertSampleSize(n)
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer from 0 to ${n}, got ${successes}`)
  }
  const p = successes / n
  const zSquaredOverN = Z_95 ** 2 / n
  const centre = (p + zSquaredOverN / 2) / (1 + zSquaredOverN)
  const halfWidth = (Z_95 * Math.sqrt((p * (1 - p)) / n + zSquaredOverN / (4 * n))) / (1 + zSquaredOverN)
  const value = 100 * p
  // min/max absorb rounding: in exact arithmetic the Wilson bounds at p = 0 or 1 are exactly 0 or 100.
  return {
    value,
    low: Math.min(value, Math.max(0, 100 * (centre - halfWidth))),
    high: Math.max(value, Math.min(100, 100 * (centre + halfWidth))),
    standardError: 100 * Math.sqrt((centre * (1 - centre)) / n),
  }
}

/** The range NPS can take: −100 (all detractors) to 100 (all promoters). */
export const NPS_RANGE: Readonly<Scale> = { min: -100, max: 100 }

/**
 * NPS = 100 · (promoters − detractors) / n, with a 95% interval. The margin is docs/metrics.md's
 * z · √((pP + pD − (pP − pD)²) / n) · 100, the normal approximation for a difference of two shares of one
 * sample, with adjusted-Wald shares: 3 pseudo-responses are added (¾ promoter, ¾ detractor, 1½ passive), so
 * pP = (P + 0.75)/(n + 3) and pD = (D + 0.75)/(n + 3). Without them an all-promoter or all-detractor sample,
 * or n = 1, gets a zero-width interval that claims certainty it does not have.
 * The interval is centred on the observed NPS (not the adjusted one) and cut to −100..100, so the reported
 * score is always inside it. Because it is not shifted towards the adjusted NPS, the variance is divided by
 * the real n, not n + 3: dividing by n + 3 as well only narrows the interval, and in simulation of typical
 * mixes covered the true NPS about 82% of the time at n = 5 and 87% at n = 10, against 91-95% when dividing by n (both about
 * 94-95% from n = 100 on).
 */
export function npsEstimate(buckets: BucketCounts): Estimate {
  for (const count of Object.values(buckets)) {
    if (!Number.isSafeInteger(count) || count < 0)
      throw new RangeError(`bucket counts must be non-negative integers`)
  }
  const n = buckets.detractor + buckets.passive + buckets.promoter
  assertSampleSize(n)
  const promoterShare = (buckets.promoter + 0.75) / (n + 3)
  const detractorShare = (buckets.detractor + 0.75) / (n + 3)
  const variance = promoterShare + detractorShare - (promoterShare - detractorShare) ** 2
  const value = (100 * (buckets.promoter - buckets.detractor)) / n
  return normalEstimate(value, 100 * Math.sqrt(variance / n), NPS_RANGE)
}

/**
 * Mean answer on a bounded scale with the normal interval mean ± z·s/√n, cut to the scale. The variance s² is
 * the sample variance after adding one pseudo-answer at each end of the scale (n + 2 answers, n + 1 degrees of
 * freedom). Without it, n = 1 or a unanimous sample has s = 0 and a zero-width interval; with it s > 0 always
 * and the width still shrinks as n grows (roughly as 1/n for a unanimous sample, 1/√n otherwise).
 * Padding every sample, not only degenerate ones, keeps the interval continuous: one dissenting answer in a
 * unanimous sample moves it a little instead of switching formulas. The extra spread is conservative for small n,
 * where a z (rather than t) interval on the plain sample variance undercovers badly (in simulation of 1-5
 * answers: 60-90% at n ≤ 10, far less for near-unanimous mixes, against 93-100% padded), and fades by n ≈ 100.
 */
export function meanEstimate(scale: Scale, counts: readonly ScoreCount[]): Estimate {
  let n = 0
  let sum = 0
  for (const { score, count } of counts) {
    if (score < scale.min || score > scale.max)
      throw new RangeError(`${score} is outside ${scale.min}..${scale.max}`)
    n += count
    sum += score * count
  }
  assertSampleSize(n)
  const paddedMean = (sum + scale.min + scale.max) / (n + 2)
  let squaredDeviations = (scale.min - paddedMean) ** 2 + (scale.max - paddedMean) ** 2
  for (const { score, count } of counts) squaredDeviations += count * (score - paddedMean) ** 2
  const variance = squaredDeviations / (n + 1)
  return normalEstimate(sum / n, Math.sqrt(variance / n), scale)
}
