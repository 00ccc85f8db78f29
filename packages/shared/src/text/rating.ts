import { bucketOf } from '../scores/buckets'
import { SCALES, type SurveyKind, scaleValues } from '../scores/scales'

/** The score a comment was given with: NPS 0-10, CSAT 1-5 or CES 1-7. */
export interface Rating {
  kind: SurveyKind
  score: number
}

/** The highest detractor score and the lowest promoter score of each kind (buckets.ts has the cut-offs). */
function edgesOf(kind: SurveyKind): { lastDetractor: number; firstPromoter: number } {
  const values = scaleValues(kind)
  const detractors = values.filter((score) => bucketOf(kind, score) === 'detractor')
  const promoters = values.filter((score) => bucketOf(kind, score) === 'promoter')
  return { lastDetractor: Math.max(...detractors), firstPromoter: Math.min(...promoters) }
}

/**
 * Which way a score leans, from -1 to 1: 0 for a passive (NPS 7-8, CSAT 3, CES 4); from -0.5 at the
 * mildest detractor (NPS 6) to -1 at the lowest score; from 0.5 + a step at the lowest promoter (NPS 9:
 * 0.75) to 1 at the highest. A 6 is often "good but…", a 0 rarely is.
 */
export function ratingLean({ kind, score }: Rating): number {
  const bucket = bucketOf(kind, score)
  if (bucket === 'passive') return 0
  const { min, max } = SCALES[kind]
  const { lastDetractor, firstPromoter } = edgesOf(kind)
  if (bucket === 'detractor') {
    const depth = lastDetractor === min ? 1 : (lastDetractor - score) / (lastDetractor - min)
    return -(0.5 + 0.5 * depth)
  }
  return 0.5 + (0.5 * (score - firstPromoter + 1)) / (max - firstPromoter + 1)
}
