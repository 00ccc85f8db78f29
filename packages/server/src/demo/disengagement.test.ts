import { describe, expect, it } from 'vitest'
import { planDemo } from './plan'

const NOW = Date.UTC(2026, 10, 22, 12, 0)
const DAY = 86_400_000

describe('usage fading before losses', () => {
  it('leaves accounts that cancel with fewer sessions in the quarter before than steady accounts have', () => {
    const plan = planDemo('full', NOW)
    const cancelled = new Map<string, number>()
    const changes = [...plan.revenue.changes].sort((a, b) => a.at - b.at)
    const paid = new Map<string, number>()
    for (const change of changes) {
      const now = change.status === 'active' ? change.mrr : 0
      if ((paid.get(change.accountId) ?? 0) > 0 && now === 0 && !cancelled.has(change.accountId)) {
        cancelled.set(change.accountId, change.at)
      }
      paid.set(change.accountId, now)
    }
    const byAccount = new Map<string, { at: number; session: string }[]>()
    for (const e of plan.events) {
      if (!e.accountId || !e.sessionId) continue
      const list = byAccount.get(e.accountId) ?? []
      list.push({ at: e.at, session: e.sessionId })
      byAccount.set(e.accountId, list)
    }
    const sessionsIn = (account: string, from: number, to: number) =>
      new Set((byAccount.get(account) ?? []).filter((e) => e.at >= from && e.at < to).map((e) => e.session))
        .size
    // Sessions per account in the 90 days before each cancellation, against the same days of the year for the
    // accounts that never lost revenue.
    const lost = new Set(
      changes.filter((c) => c.mrr === 0 || c.status === 'canceled').map((c) => c.accountId),
    )
    const steady = plan.accounts.filter((a) => !lost.has(a.id) && a.plan !== 'free')
    const fading: number[] = []
    const usual: number[] = []
    for (const [account, at] of cancelled) {
      if (at < plan.timeline.start + 90 * DAY) continue
      fading.push(sessionsIn(account, at - 90 * DAY, at))
      for (const other of steady) usual.push(sessionsIn(other.id, at - 90 * DAY, at))
    }
    const mean = (list: number[]) => list.reduce((s, n) => s + n, 0) / list.length
    expect(fading.length).toBeGreaterThan(3)
    expect(mean(fading)).toBeLessThan(mean(usual) / 2)
  })

  it('keeps the number of events', () => {
    expect(planDemo('small', NOW).events).toHaveLength(3_000)
  })
})
