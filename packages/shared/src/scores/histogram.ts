import { type BucketCounts, bucketOf, emptyBucketCounts } from './buckets'
import { isValidScore, type SurveyKind } from './scales'

/**
 * Number of responses per score value, as SQL returns it (`GROUP BY score`); a missing key means none.
 * Scores are always computed from these counts, never from response rows.
 */
export type ScoreCounts = Readonly<Record<number, number>>

/** One score value and how many responses gave it. */
export interface ScoreCount {
  score: number
  count: number
}

function assertCount(score: string, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count for score ${score} must be a non-negative integer, got ${count}`)
  }
}

/**
 * The counts as a list, lowest score first. Throws a RangeError for a score outside the kind's scale or a
 * count that is negative or not an integer: callers pass validated data, so either is a programming error.
 */
export function scoreCountsOf(kind: SurveyKind, counts: ScoreCounts): ScoreCount[] {
  return Object.entries(counts)
    .map(([key, count]) => {
      const score = Number(key)
      if (!isValidScore(kind, score)) throw new RangeError(`${key} is not a valid ${kind} score`)
      assertCount(key, count)
      return { score, count }
    })
    .sort((a, b) => a.score - b.score)
}

/** Number of responses in all. Throws a RangeError for a negative or non-integer count. */
export function totalCount(counts: ScoreCounts): number {
  let total = 0
  for (const [key, count] of Object.entries(counts)) {
    assertCount(key, count)
    total += count
  }
  return total
}

/** Number of responses per bucket (see `bucketOf`). Throws a RangeError as `scoreCountsOf` does. */
export function bucketCounts(kind: SurveyKind, counts: ScoreCounts): BucketCounts {
  const buckets = emptyBucketCounts()
  for (const { score, count } of scoreCountsOf(kind, counts)) buckets[bucketOf(kind, score)] += count
  return buckets
}
