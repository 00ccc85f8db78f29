export const REVENUE_STATUSES = ['trial', 'active', 'canceled'] as const
export type RevenueStatus = (typeof REVENUE_STATUSES)[number]

/** One ledger entry: from `at` (epoch ms) on, the account pays `mrr` minor units of `currency` a month. */
export interface LedgerChange {
  at: number
  mrr: number
  currency: string
  status: RevenueStatus
}

/** What an account pays at some instant, in its own currency; 0 (any currency) when it pays nothing. */
export interface MrrInEffect {
  mrr: number
  currency: string
}

/**
 * The MRR a change makes an account pay: its amount while active; nothing in a trial (trials are not
 * revenue) or once canceled, whatever amount the change carries.
 */
export function paidMrr(change: Pick<LedgerChange, 'mrr' | 'status'>): number {
  return change.status === 'active' ? change.mrr : 0
}

/**
 * An account's MRR at a period boundary `instant`: set by its latest change strictly before the instant,
 * or nothing before its first change. A change exactly at a boundary belongs to the period it opens, so
 * periods are half-open [start, end) like every Heed period, and one period's end MRR is the next one's
 * start MRR. The ledger holds at most one change per account and instant, and order of arrival does not
 * matter: a backfill of last year's change moves every figure after it.
 */
export function mrrBefore(changes: readonly LedgerChange[], instant: number): MrrInEffect | null {
  let latest: LedgerChange | undefined
  for (const change of changes) {
    if (change.at < instant && (latest === undefined || change.at > latest.at)) latest = change
  }
  return latest === undefined ? null : { mrr: paidMrr(latest), currency: latest.currency }
}

/** Whether the account paid anything before `instant`: what makes a comeback a reactivation rather than new. */
export function paidBefore(changes: readonly LedgerChange[], instant: number): boolean {
  return changes.some((change) => change.at < instant && paidMrr(change) > 0)
}

/**
 * One account's period [start, end) from its ledger: its MRR just before each boundary, each turned into
 * the reporting currency by `toReporting` (the period's rates, the same for both ends), and whether it
 * paid before the start. The reference the server's SQL is tested against.
 */
export function accountPeriodOf(
  changes: readonly LedgerChange[],
  start: number,
  end: number,
  toReporting: (mrr: MrrInEffect) => number,
): { start: number; end: number; paidBefore: boolean } {
  const valued = (mrr: MrrInEffect | null) => (mrr === null || mrr.mrr === 0 ? 0 : toReporting(mrr))
  return {
    start: valued(mrrBefore(changes, start)),
    end: valued(mrrBefore(changes, end)),
    paidBefore: paidBefore(changes, start),
  }
}
