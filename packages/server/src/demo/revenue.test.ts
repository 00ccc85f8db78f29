import { beforeAll, describe, expect, it } from 'vitest'
import type { NewRevenueChange } from '../store/revenue/ledger'
import { monthOf } from '../store/revenue/months'
import { type DemoPlan, planDemo } from './plan'
import { accountMoods } from './revenue'
import { DEMO_TIME_ZONE } from './timeline'

const NOW = Date.UTC(2026, 10, 22, 12, 0)
const YEAR = 365 * 86_400_000

describe("the demo's revenue", () => {
  let plan: DemoPlan
  let byAccount: Map<string, NewRevenueChange[]>
  beforeAll(() => {
    plan = planDemo('full', NOW)
    byAccount = new Map()
    for (const change of plan.revenue.changes) {
      byAccount.set(change.accountId, [...(byAccount.get(change.accountId) ?? []), change])
    }
  })

  it('is the same on every run of a day', () => {
    expect(planDemo('full', NOW).revenue).toEqual(plan.revenue)
  })

  it('covers about three years before today, one change per account and instant, none in the future', () => {
    const times = plan.revenue.changes.map((change) => change.at)
    expect(Math.min(...times)).toBeLessThan(plan.timeline.end - 3 * YEAR)
    expect(Math.max(...times)).toBeLessThan(plan.timeline.end)
    for (const changes of byAccount.values()) {
      const instants = changes.map((change) => change.at)
      expect(new Set(instants).size).toBe(instants.length)
    }
    // Every paying plan pays something; free accounts only ever had a trial.
    const paying = plan.accounts.filter((account) => account.plan !== 'free')
    expect(paying.every((account) => byAccount.get(account.id)?.some((c) => c.status === 'active'))).toBe(
      true,
    )
    const free = plan.accounts.filter((account) => account.plan === 'free')
    expect(free.every((account) => !byAccount.get(account.id)?.some((c) => c.status === 'active'))).toBe(true)
  })

  it('follows the answers: detractors churn and downgrade more, promoters expand more', () => {
    const moods = accountMoods(plan.displays)
    const share = (mood: string, test: (changes: NewRevenueChange[]) => boolean) => {
      const accounts = plan.accounts.filter(
        (account) => account.plan !== 'free' && (moods.get(account.id) ?? 'passive') === mood,
      )
      return accounts.filter((account) => test(byAccount.get(account.id) ?? [])).length / accounts.length
    }
    const churned = (changes: NewRevenueChange[]) => changes.some((change) => change.status === 'canceled')
    const moved = (direction: 1 | -1) => (changes: NewRevenueChange[]) =>
      changes.some(
        (change, i) =>
          i > 0 &&
          change.status === 'active' &&
          Math.sign(change.mrr - (changes[i - 1]?.mrr ?? 0)) === direction,
      )
    expect(share('detractor', churned)).toBeGreaterThan(share('promoter', churned))
    expect(share('detractor', moved(-1))).toBeGreaterThan(share('promoter', moved(-1)))
    expect(share('promoter', moved(1))).toBeGreaterThan(share('detractor', moved(1)))
  })

  it('has a few dollar accounts, with a rate for every month they change in', () => {
    const dollars = plan.revenue.changes.filter((change) => change.currency === 'USD')
    const accounts = new Set(dollars.map((change) => change.accountId))
    expect(accounts.size).toBeGreaterThan(3)
    expect(accounts.size).toBeLessThan(plan.accounts.length / 5)
    const rated = new Set(plan.revenue.rates.map((rate) => rate.month))
    expect(dollars.filter((change) => !rated.has(monthOf(change.at, DEMO_TIME_ZONE)))).toEqual([])
  })
})
