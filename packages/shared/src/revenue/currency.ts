import { divideRounded } from './ratio'

/** An ISO 4217 code: three capital letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/

/**
 * Digits after the decimal point of a currency's minor unit: 2 for EUR (cents), 0 for JPY, 3 for KWD, as
 * the runtime's ISO 4217 data gives them. Throws RangeError for a code that is not three capital letters.
 */
export function minorDigits(currency: string): number {
  if (!CURRENCY_CODE.test(currency)) throw new RangeError(`not an ISO 4217 code: ${currency}`)
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  )
}

/** A positive decimal with at most 15 significant digits, e.g. '1.0845': how many reporting units one unit buys. */
export const RATE_TEXT = /^(?=.*[1-9])\d{1,15}(\.\d{1,15})?$/

/** An exchange rate as an exact fraction `units / 10^scale`. */
export interface ExchangeRate {
  units: bigint
  scale: number
}

/** Parses a rate written as decimal text (see RATE_TEXT); floats would lose the exactness money needs. */
export function parseRate(text: string): ExchangeRate {
  if (!RATE_TEXT.test(text) || text.replace('.', '').replace(/^0+/, '').length > 15) {
    throw new RangeError(`not a positive decimal rate of at most 15 digits: ${text}`)
  }
  const [whole = '', fraction = ''] = text.split('.')
  return { units: BigInt(whole + fraction), scale: fraction.length }
}

/**
 * `amount` minor units of `from` in minor units of `to`, one major unit of `from` buying `rate` major units
 * of `to`: amount × rate × 10^digits(to) ÷ 10^digits(from), rounded to the nearest minor unit, halves up.
 * 1,000 EUR cents at 1.1 are 1,100 USD cents; 1,000 yen at 0.0062 are 620 cents. Computed in BigInt, so
 * no intermediate product loses precision.
 */
export function convertMinor(amount: number, from: string, to: string, rate: ExchangeRate): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, got ${amount}`)
  const numerator = BigInt(amount) * rate.units * 10n ** BigInt(minorDigits(to))
  const denominator = 10n ** BigInt(rate.scale + minorDigits(from))
  return Number(divideRounded(numerator, denominator))
}
