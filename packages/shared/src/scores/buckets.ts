import { isValidScore, type SurveyKind } from './scales'

/**
 * The three groups every answer falls into. The NPS names serve all kinds: for CSAT and CES they mean
 * dissatisfied / neutral / satisfied. One word for all kinds because "detractor" is what opens a follow-up
 * case for customer success, whatever the survey asked.
 */
export const BUCKETS = ['detractor', 'passive', 'promoter'] as const
export type Bucket = (typeof BUCKETS)[number]

/** Number of responses in each bucket. */
export type BucketCounts = Record<Bucket, number>

/** Highest score that is still a detractor, and highest that is still a passive; the rest promote. */
const LAST_SCORE_OF: Record<SurveyKind, { detractor: number; passive: number }> = {
  nps: { detractor: 6, passive: 8 },
  csat: { detractor: 2, passive: 3 },
  ces: { detractor: 3, passive: 4 },
}

/**
 * The bucket of one answer: NPS 0-6 / 7-8 / 9-10 (the standard NPS cut-offs); CSAT 1-2 / 3 / 4-5 (top-2-box
 * is satisfied); CES 1-3 / 4 / 5-7 (above the midpoint of 4 is easy).
 * Throws a RangeError for a score the scale does not allow: callers pass validated answers.
 */
export function bucketOf(kind: SurveyKind, score: number): Bucket {
  if (!isValidScore(kind, score)) throw new RangeError(`${score} is not a valid ${kind} score`)
  const last = LAST_SCORE_OF[kind]
  if (score <= last.detractor) return 'detractor'
  if (score <= last.passive) return 'passive'
  return 'promoter'
}

/** Bucket counts of zero, the start of every tally. */
export function emptyBucketCounts(): BucketCounts {
  return { detractor: 0, passive: 0, promoter: 0 }
}
