/** Keyset pages of the newest-first lists whose range ends at `to`. */

/**
 * The position rows must sort below: the cursor's, or `to` (exclusive; the empty id sorts below every id, so
 * `(at, id) < (to, '')` is `at < to`) when that is lower or there is no cursor.
 */
export function upperBound(
  to: number | undefined,
  after: { at: number; id: string } | undefined,
): { at: number; id: string } | undefined {
  if (to === undefined) return after
  if (after === undefined || after.at >= to) return { at: to, id: '' }
  return after
}
