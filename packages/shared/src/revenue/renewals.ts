import { type LedgerChange, paidMrr } from './ledger'
import { type Ratio, ratio } from './ratio'

/** A ledger change with the renewal date it announces (epoch ms), if any. */
export interface RenewingChange extends LedgerChange {
  renewsAt: number | null
}

/** The change in effect just before `instant`: the latest one strictly before it. */
function inEffect<T extends LedgerChange>(changes: readonly T[], instant: number): T | undefined {
  let latest: T | undefined
  for (const change of changes) {
    if (change.at < instant && (latest === undefined || change.at > latest.at)) latest = change
  }
  return latest
}

/**
 * One account's renewal in the period [start, end): it is due when the change in effect at the period's
 * start pays (active, MRR above 0) and announces `renewsAt` within the period; it `renewed` when it still pays
 * at the period's end (whatever it pays then: a downgrade at renewal is still a renewal), else it `lapsed`.
 * Null when it was not due. Trials are not due: their end is a conversion, see trialOf.
 */
export function renewalOf(
  changes: readonly RenewingChange[],
  start: number,
  end: number,
): 'renewed' | 'lapsed' | null {
  const atStart = inEffect(changes, start)
  if (!atStart || paidMrr(atStart) <= 0 || atStart.renewsAt === null) return null
  if (atStart.renewsAt < start || atStart.renewsAt >= end) return null
  const atEnd = inEffect(changes, end)
  return atEnd && paidMrr(atEnd) > 0 ? 'renewed' : 'lapsed'
}

/**
 * One account's trial in the period [start, end): it started one when its first ever change with status
 * `trial` falls in the period (a second trial later is not a new one); the trial `converted` when a later
 * change before `asOf` (now) pays, else it is `open` (still trialing, or lapsed). Null when no trial started
 * in the period. A recent period's conversion still grows as its trials end.
 */
export function trialOf(
  changes: readonly LedgerChange[],
  start: number,
  end: number,
  asOf: number,
): 'converted' | 'open' | null {
  const trials = changes.filter((change) => change.status === 'trial')
  if (trials.length === 0) return null
  const first = Math.min(...trials.map((change) => change.at))
  if (first < start || first >= end) return null
  const paid = changes.some((change) => change.at > first && change.at < asOf && paidMrr(change) > 0)
  return paid ? 'converted' : 'open'
}

/** Renewal rate = accounts due to renew in the period that still pay at its end ÷ accounts due (renewalOf). */
export const renewalRate = (counts: { due: number; renewed: number }): Ratio =>
  ratio(counts.renewed, counts.due)

/** Trial conversion = trials started in the period that became paying ÷ trials started in it (trialOf). */
export const trialConversion = (counts: { started: number; converted: number }): Ratio =>
  ratio(counts.converted, counts.started)
