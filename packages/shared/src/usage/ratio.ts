/**
 * `part / whole` as a share from 0 to 1, or null when `whole` is 0: with nobody in the whole there is no
 * share to report, and 0 would read as "nobody did it".
 *
 * Throws RangeError when either count is negative or not finite, or the part exceeds the whole. The
 * counts come from our own queries, so such input means a bug upstream rather than a bad request.
 */
export function shareOf(part: number, whole: number, names: { part: string; whole: string }): number | null {
  if (!Number.isFinite(part) || part < 0)
    throw new RangeError(`${names.part} must be a finite count >= 0, got ${part}`)
  if (!Number.isFinite(whole) || whole < 0) {
    throw new RangeError(`${names.whole} must be a finite count >= 0, got ${whole}`)
  }
  if (part > whole) throw new RangeError(`${names.part} (${part}) exceeds ${names.whole} (${whole})`)
  return whole === 0 ? null : part / whole
}
