/**
 * One account in one period: its MRR at the period's start and end (both in the reporting currency, at the
 * same period's rates, so exchange-rate swings never show as a movement) and whether it paid anything
 * before the period began.
 */
export interface AccountPeriod {
  start: number
  end: number
  paidBefore: boolean
}

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const
export type MovementKind = (typeof MOVEMENT_KINDS)[number]

/** A movement and its size in minor units (always positive). */
export interface Movement {
  kind: MovementKind
  amount: number
}

/**
 * How an account's MRR moved over a period, from its MRR at the start (s) and end (e) only:
 * s = 0, e > 0 → new, or reactivation when it paid before (after any gap); s > 0, e = 0 → churn;
 * e > s > 0 → expansion (upsell) of e − s; s > e > 0 → contraction (downgrade) of s − e; otherwise none.
 * Changes inside the period net out: an upsell and a downgrade in the same month make one movement of
 * their difference, and an account that joins and leaves inside one period makes no movement at all.
 */
export function movementOf({ start, end, paidBefore }: AccountPeriod): Movement | null {
  if (start === end) return null
  if (start === 0) return { kind: paidBefore ? 'reactivation' : 'new', amount: end }
  if (end === 0) return { kind: 'churn', amount: start }
  return end > start
    ? { kind: 'expansion', amount: end - start }
    : { kind: 'contraction', amount: start - end }
}

/** A period's MRR and its movements, in minor units: start + new + expansion − contraction − churn + reactivation = end. */
export interface MovementTotals {
  start: number
  new: number
  expansion: number
  contraction: number
  churn: number
  reactivation: number
  end: number
}

export const emptyMovementTotals = (): MovementTotals => ({
  start: 0,
  new: 0,
  expansion: 0,
  contraction: 0,
  churn: 0,
  reactivation: 0,
  end: 0,
})

/** Adds one account's period into running totals (in place, so a query's rows can stream through it). */
export function addAccountPeriod(totals: MovementTotals, account: AccountPeriod): MovementTotals {
  if (
    !Number.isSafeInteger(account.start) ||
    account.start < 0 ||
    !Number.isSafeInteger(account.end) ||
    account.end < 0
  ) {
    throw new RangeError(
      `MRR must be non-negative integers of minor units, got ${account.start} and ${account.end}`,
    )
  }
  totals.start += account.start
  totals.end += account.end
  const movement = movementOf(account)
  if (movement) totals[movement.kind] += movement.amount
  return totals
}

/** The totals of a period over its accounts. */
export function sumMovements(accounts: Iterable<AccountPeriod>): MovementTotals {
  const totals = emptyMovementTotals()
  for (const account of accounts) addAccountPeriod(totals, account)
  return totals
}
