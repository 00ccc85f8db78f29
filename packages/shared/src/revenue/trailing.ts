import { type Ratio, ratio } from './ratio'

/** One account paying twelve months before the period's end: its MRR then (`base`, > 0) and at the end. */
export interface CohortAccount {
  base: number
  end: number
}

export interface TrailingRetention {
  /** Σ end ÷ Σ base over the accounts paying twelve months earlier; accounts that joined since are left out. */
  netRevenueRetention: Ratio
  /** Σ min(end, base) ÷ Σ base: each account capped at its base, so expansion never hides a loss. */
  grossRevenueRetention: Ratio
  accounts: number
}

/**
 * Trailing-twelve-month NRR and GRR: the cohort is every account paying twelve months before the end of
 * the period, compared at the end. Accounts with no base (not paying then) are ignored.
 */
export function trailingRetention(accounts: Iterable<CohortAccount>): TrailingRetention {
  let base = 0
  let end = 0
  let capped = 0
  let count = 0
  for (const account of accounts) {
    if (account.base <= 0) continue
    count++
    base += account.base
    end += account.end
    capped += Math.min(account.end, account.base)
  }
  return {
    netRevenueRetention: ratio(end, base),
    grossRevenueRetention: ratio(capped, base),
    accounts: count,
  }
}
