/**
 * A rate kept exact: the integer numerator and denominator it was computed from (money in minor units,
 * or counts), and their quotient as a number for display. `value` is null when the denominator is 0:
 * with nothing to compare against there is no rate, and 0 or Infinity would read as a real result.
 * Numerators may be negative (net MRR churn is negative when expansion outweighs losses).
 */
export interface Ratio {
  numerator: number
  denominator: number
  value: number | null
}

/** Builds a Ratio; throws RangeError for non-integer or unsafe parts, or a negative denominator (a bug upstream). */
export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isSafeInteger(numerator))
    throw new RangeError(`numerator must be a safe integer, got ${numerator}`)
  if (!Number.isSafeInteger(denominator) || denominator < 0) {
    throw new RangeError(`denominator must be a safe integer >= 0, got ${denominator}`)
  }
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator }
}

/**
 * `numerator / denominator` rounded to the nearest integer, halves rounded up (away from zero for the
 * non-negative amounts money takes here). The one rounding rule every revenue figure in minor units uses.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive')
  if (numerator < 0n) return -divideRounded(-numerator, denominator)
  return (2n * numerator + denominator) / (2n * denominator)
}
