import { type Ratio, ratio } from './ratio'

/** Annual run rate = 12 × MRR, in the same minor units. */
export function annualRunRate(mrr: number): number {
  if (!Number.isSafeInteger(mrr)) throw new RangeError(`mrr must be a safe integer, got ${mrr}`)
  return 12 * mrr
}

/** Average revenue per account = MRR ÷ paying accounts, in minor units (a fraction of one is kept exact). */
export const averageRevenuePerAccount = (mrr: number, payingAccounts: number): Ratio =>
  ratio(mrr, payingAccounts)
