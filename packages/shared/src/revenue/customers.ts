import type { AccountPeriod } from './movements'
import { type Ratio, ratio } from './ratio'

/**
 * Paying accounts over a period: at its start (s > 0), new (s = 0, e > 0, never paid before),
 * reactivated (s = 0, e > 0, paid before), churned (s > 0, e = 0), and at its end (e > 0).
 * start + new + reactivated − churned = end. Accounts that joined and left inside the period are in
 * none of them.
 */
export interface CustomerCounts {
  start: number
  new: number
  reactivated: number
  churned: number
  end: number
}

export const emptyCustomerCounts = (): CustomerCounts => ({
  start: 0,
  new: 0,
  reactivated: 0,
  churned: 0,
  end: 0,
})

/** Counts one account's period into running counts (in place). */
export function addCustomer(
  counts: CustomerCounts,
  { start, end, paidBefore }: AccountPeriod,
): CustomerCounts {
  if (start > 0) counts.start++
  if (end > 0) counts.end++
  if (start > 0 && end === 0) counts.churned++
  if (start === 0 && end > 0) {
    if (paidBefore) counts.reactivated++
    else counts.new++
  }
  return counts
}

export function countCustomers(accounts: Iterable<AccountPeriod>): CustomerCounts {
  const counts = emptyCustomerCounts()
  for (const account of accounts) addCustomer(counts, account)
  return counts
}

/** Logo retention = start customers still paying at the end ÷ start customers = (start − churned) ÷ start. */
export const logoRetention = (counts: CustomerCounts): Ratio =>
  ratio(counts.start - counts.churned, counts.start)

/** Customer churn rate = churned ÷ start customers (those who joined and left within the period are not counted). */
export const customerChurnRate = (counts: CustomerCounts): Ratio => ratio(counts.churned, counts.start)
