import type { TScale } from './model'

/**
 * Points 0-100 for a raw value on a scale: `zero` or worse earns 0, `full` or better earns 100, a straight
 * line in between, rounded to a whole point so a CSM reads the same number the score was made of.
 */
export function pointsOnScale(raw: number, scale: TScale): number {
  const share = (raw - scale.zero) / (scale.full - scale.zero)
  return Math.round(100 * Math.min(1, Math.max(0, share)))
}

/** A share as a whole percentage for sentences: 0.375 → 38. */
export const percent = (share: number): number => Math.round(100 * share)
