import type { EventInput } from '../store/events'
import type { NewRevenueChange } from '../store/revenue/ledger'
import type { DemoPerson } from './company'
import type { Random } from './random'

const DAY = 86_400_000
/** How long before a cancellation or a downgrade its people start to drift away: about a quarter. */
const DRIFT_DAYS = 90
/** Share of those sessions that never happen: most before a cancellation (and all while gone), fewer before a downgrade. */
const SKIPPED = { cancellation: 0.75, contraction: 0.45, gone: 0.9 }

/** Spans of one account's time when its people use the product less, with the share of sessions skipped. */
type Drift = { from: number; to: number; skipped: number }

function driftsOf(changes: readonly NewRevenueChange[]): Map<string, Drift[]> {
  const byAccount = new Map<string, NewRevenueChange[]>()
  for (const change of changes)
    byAccount.set(change.accountId, [...(byAccount.get(change.accountId) ?? []), change])
  const drifts = new Map<string, Drift[]>()
  for (const [account, list] of byAccount) {
    const sorted = [...list].sort((a, b) => a.at - b.at)
    const spans: Drift[] = []
    let paid = 0
    for (const [i, change] of sorted.entries()) {
      const next = change.status === 'active' ? change.mrr : 0
      if (paid > 0 && next === 0) {
        spans.push({ from: change.at - DRIFT_DAYS * DAY, to: change.at, skipped: SKIPPED.cancellation })
        spans.push({
          from: change.at,
          to: sorted[i + 1]?.at ?? Number.POSITIVE_INFINITY,
          skipped: SKIPPED.gone,
        })
      } else if (next < paid) {
        spans.push({ from: change.at - DRIFT_DAYS * DAY, to: change.at, skipped: SKIPPED.contraction })
      }
      paid = next
    }
    if (spans.length > 0) drifts.set(account, spans)
  }
  return drifts
}

/**
 * Usage the way it fades before customers leave: sessions of an account's people in the three months before it
 * cancels or downgrades, and while it is gone, mostly go to someone of another account instead (same
 * moment, so the demo keeps its number of events and its seasonality). What lets the health score see a
 * loss coming, imperfectly, as in real life.
 */
export function fadeUsageBeforeLosses(
  random: Random,
  events: readonly EventInput[],
  persons: readonly DemoPerson[],
  changes: readonly NewRevenueChange[],
): EventInput[] {
  const drifts = driftsOf(changes)
  const steady = persons.filter((person) => !drifts.has(person.account.id))
  if (steady.length === 0) return [...events]
  const movedTo = new Map<string, DemoPerson | null>()
  return events.map((event) => {
    const spans =
      event.accountId === undefined || event.accountId === null ? undefined : drifts.get(event.accountId)
    const span = spans?.find((s) => event.at >= s.from && event.at < s.to)
    if (!span || event.sessionId === undefined || event.sessionId === null) return event
    let to = movedTo.get(event.sessionId)
    if (to === undefined) {
      const candidate = random.chance(span.skipped) ? random.pick(steady) : undefined
      to = candidate && candidate.signupAt < event.at ? candidate : null
      movedTo.set(event.sessionId, to)
    }
    if (to === null) return event
    return { ...event, anonymousId: to.anonymousId, userId: to.id, accountId: to.account.id }
  })
}
