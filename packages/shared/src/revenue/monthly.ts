import { divideRounded } from './ratio'

export const BILLING_INTERVALS = ['day', 'week', 'month', 'year'] as const
export type BillingInterval = (typeof BILLING_INTERVALS)[number]

/** Months per interval as an exact fraction: a year is 12 months, a week 12/52 of one, a day 12/365. */
const MONTHS_PER: Record<BillingInterval, { months: bigint; per: bigint }> = {
  day: { months: 12n, per: 365n },
  week: { months: 12n, per: 52n },
  month: { months: 1n, per: 1n },
  year: { months: 12n, per: 1n },
}

/**
 * Monthly recurring revenue of a price billed every `intervalCount` intervals, in the same minor units:
 * `amount × per ÷ (months × intervalCount)`, so yearly ÷ 12, weekly × 52 ÷ 12, daily × 365 ÷ 12, and a
 * quarterly price (3 months) ÷ 3. Rounded once, at the end, to the nearest minor unit with halves up
 * (see divideRounded): 1,000 cents a year is 83 cents a month (83.33), 1,000 cents a week is 4,333.
 *
 * Throws RangeError for a negative or non-integer amount or an interval count below 1: callers validate
 * input first, so such values are bugs.
 */
export function monthlyAmount(amount: number, interval: BillingInterval, intervalCount = 1): number {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${amount}`)
  }
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) {
    throw new RangeError(`intervalCount must be a positive integer, got ${intervalCount}`)
  }
  const { months, per } = MONTHS_PER[interval]
  return Number(divideRounded(BigInt(amount) * per, months * BigInt(intervalCount)))
}
