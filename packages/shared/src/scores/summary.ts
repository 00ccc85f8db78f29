import type { BucketCounts } from './buckets'
import { type Estimate, meanEstimate, NPS_RANGE, npsEstimate, proportionEstimate, Z_95 } from './estimate'
import { bucketCounts, type ScoreCounts, scoreCountsOf } from './histogram'
import { SCALES, type Scale, type SurveyKind } from './scales'

/**
 * Below this many responses a summary is flagged `low_sample`: its interval is honest but wide, and the normal
 * approximations behind intervals and comparisons are rough. 30 is the usual rule of thumb for them.
 */
export const MIN_RELIABLE_N = 30

/** The range each kind's headline `score` can take. */
export const SCORE_RANGES: Readonly<Record<SurveyKind, Readonly<Scale>>> = {
  nps: NPS_RANGE,
  csat: { min: 0, max: 100 },
  ces: SCALES.ces,
}

/** No responses: no score to show, so there is none, rather than a NaN or a misleading 0. */
export interface NoDataSummary<K extends SurveyKind = SurveyKind> {
  kind: K
  status: 'no_data'
  n: 0
  buckets: BucketCounts
}

interface SummaryWithData<K extends SurveyKind> {
  kind: K
  /** `low_sample` when n < MIN_RELIABLE_N. */
  status: 'ok' | 'low_sample'
  n: number
  buckets: BucketCounts
  /** The kind's headline score (see each summary type). */
  score: Estimate
  /** Mean answer on the kind's scale, with a normal interval (see `meanEstimate`). */
  mean: Estimate
}

/**
 * NPS: `score` = % promoters (9-10) − % detractors (0-6), −100..100 (docs/metrics.md), with the adjusted-Wald
 * interval of `npsEstimate`.
 */
export interface NpsSummary extends SummaryWithData<'nps'> {
  /** Half-width of the interval in NPS points, before it is cut to −100..100; the usual "± x" of a report. */
  marginOfError: number
}

/** CSAT: `score` = % of answers that are 4 or 5 on 1-5 (top-2-box, docs/metrics.md), with a Wilson interval. */
export type CsatSummary = SummaryWithData<'csat'>

/**
 * CES: `score` = mean answer on 1-7 (higher is easier, docs/metrics.md), the same estimate as `mean`; `easy` = % of
 * answers 5-7, with a Wilson interval.
 */
export interface CesSummary extends SummaryWithData<'ces'> {
  easy: Estimate
}

export type ScoreSummary = NoDataSummary | NpsSummary | CsatSummary | CesSummary

/**
 * Score, interval and bucket counts of one set of responses, from the number of responses per score value.
 * Nothing is rounded: callers format. Throws a RangeError for invalid counts (see `scoreCountsOf`).
 */
export function summarize(kind: 'nps', counts: ScoreCounts): NpsSummary | NoDataSummary<'nps'>
export function summarize(kind: 'csat', counts: ScoreCounts): CsatSummary | NoDataSummary<'csat'>
export function summarize(kind: 'ces', counts: ScoreCounts): CesSummary | NoDataSummary<'ces'>
export function summarize(kind: SurveyKind, counts: ScoreCounts): ScoreSummary
export function summarize(kind: SurveyKind, counts: ScoreCounts): ScoreSummary {
  const buckets = bucketCounts(kind, counts)
  const n = buckets.detractor + buckets.passive + buckets.promoter
  if (n === 0) return { kind, status: 'no_data', n, buckets }
  const status = n < MIN_RELIABLE_N ? 'low_sample' : 'ok'
  const mean = meanEstimate(SCALES[kind], scoreCountsOf(kind, counts))
  switch (kind) {
    case 'nps': {
      const score = npsEstimate(buckets)
      return { kind, status, n, buckets, score, mean, marginOfError: Z_95 * score.standardError }
    }
    case 'csat':
      return { kind, status, n, buckets, score: proportionEstimate(buckets.promoter, n), mean }
    case 'ces':
      return { kind, status, n, buckets, score: mean, mean, easy: proportionEstimate(buckets.promoter, n) }
  }
}
