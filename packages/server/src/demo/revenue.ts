import type { Goal } from '@heed/shared/revenue/goals'
import type { NewRevenueChange } from '../store/revenue/ledger'
import { monthOf } from '../store/revenue/months'
import type { MonthlyRate } from '../store/revenue/rates'
import type { DemoAccount } from './company'
import type { PlannedDisplay } from './plan'
import type { Random } from './random'
import { DEMO_DAYS, DEMO_TIME_ZONE, type Timeline } from './timeline'

/** The demo's prices are in euros (see company.ts); a few North American accounts pay in dollars. */
export const DEMO_REPORTING_CURRENCY = 'EUR'
const FOREIGN_CURRENCY = 'USD'
/** Share of North American paying accounts billed in dollars, at this list price per euro of the euro price. */
const DOLLAR_ACCOUNTS = 0.35
const DOLLARS_PER_EURO_LIST = 1.1

type Mood = 'promoter' | 'passive' | 'detractor'

/**
 * Monthly odds of each movement by how the account's people answer NPS: detractors churn and downgrade
 * more, promoters buy more seats. Annual (enterprise) contracts churn or shrink only at their renewal, with the
 * year's odds.
 */
const MONTHLY_ODDS: Record<Mood, { churn: number; contraction: number; expansion: number }> = {
  detractor: { churn: 0.035, contraction: 0.03, expansion: 0.015 },
  passive: { churn: 0.01, contraction: 0.008, expansion: 0.05 },
  promoter: { churn: 0.002, contraction: 0.002, expansion: 0.1 },
}
/** Monthly chance that an account which left comes back. */
const COMEBACK = 0.03
const TRIAL_DAYS = 14
/** Share of free accounts that once tried a paid plan and did not keep it. */
const LAPSED_TRIALS = 0.3
const DAYS_PER_MONTH = DEMO_DAYS / 12

/** The team's goals, as a CS lead would set them: keep all revenue, grow it 3% a month, lose little. */
export const DEMO_GOALS: Goal[] = [
  { metric: 'netRevenueRetention', comparison: '>=', target: 1 },
  { metric: 'expansionRate', comparison: '>', target: 0.03 },
  { metric: 'contractionRate', comparison: '<', target: 0.01 },
  { metric: 'revenueChurnRate', comparison: '<', target: 0.015 },
  { metric: 'nps', comparison: '>=', target: 40 },
]

export interface DemoRevenue {
  changes: NewRevenueChange[]
  rates: MonthlyRate[]
}

const SEAT_PRICE_CENTS: Record<DemoAccount['plan'], number> = {
  free: 0,
  starter: 3_900,
  pro: 4_900,
  enterprise: 4_500,
}

/** The mood of each account that answered NPS: the mean of its people's NPS answers, passive when none answered. */
export function accountMoods(displays: readonly PlannedDisplay[]): Map<string, Mood> {
  const sums = new Map<string, { total: number; count: number }>()
  for (const display of displays) {
    if (display.kind !== 'nps' || !display.response) continue
    const sum = sums.get(display.person.account.id) ?? { total: 0, count: 0 }
    sum.total += display.response.answer.score
    sum.count++
    sums.set(display.person.account.id, sum)
  }
  const result = new Map<string, Mood>()
  for (const [account, { total, count }] of sums) {
    const mean = total / count
    result.set(account, mean >= 8.5 ? 'promoter' : mean < 7 ? 'detractor' : 'passive')
  }
  return result
}

/**
 * The ledger of every account from its sign-up to today (up to three and a half years): a fourteen-day trial,
 * then seat changes month by month with odds set by its mood, yearly renewals for enterprise contracts, churns
 * and comebacks; a few free accounts whose trial lapsed. Ends at about the seats its traits give.
 * Dollar accounts come with a rate for every month they have changes in.
 */
export function planRevenue(
  random: Random,
  timeline: Timeline,
  accounts: readonly DemoAccount[],
  displays: readonly PlannedDisplay[],
): DemoRevenue {
  const moodOf = accountMoods(displays)
  const changes: NewRevenueChange[] = []
  let dollarsFrom = Number.POSITIVE_INFINITY
  for (const account of accounts) {
    const dollars =
      account.plan !== 'free' && account.traits.region === 'North America' && random.chance(DOLLAR_ACCOUNTS)
    const currency = dollars ? FOREIGN_CURRENCY : DEMO_REPORTING_CURRENCY
    const at = (day: number) => timeline.instant(day, timeline.workingTime(random))
    const change = (day: number, fields: Omit<NewRevenueChange, 'accountId' | 'at' | 'plan' | 'currency'>) =>
      changes.push({ accountId: account.id, at: at(day), plan: account.plan, currency, ...fields })
    const start = account.signupDay
    if (account.plan === 'free') {
      if (!random.chance(LAPSED_TRIALS)) continue
      change(start, { mrr: 3 * SEAT_PRICE_CENTS.starter, status: 'trial', renewsAt: null })
      change(start + TRIAL_DAYS, { mrr: 0, status: 'canceled', renewsAt: null })
      continue
    }
    if (dollars) dollarsFrom = Math.min(dollarsFrom, start)
    const seatPrice = Math.round(SEAT_PRICE_CENTS[account.plan] * (dollars ? DOLLARS_PER_EURO_LIST : 1))
    const odds = MONTHLY_ODDS[moodOf.get(account.id) ?? 'passive']
    const annual = account.plan === 'enterprise'
    const yearly = (p: number) => 1 - (1 - p) ** 12
    const paidFrom = start + TRIAL_DAYS
    const renewal = (day: number) => (annual ? at(day + DEMO_DAYS) : null)
    let seats = Math.max(1, Math.round(account.traits.seats * (0.55 + 0.35 * random.next())))
    let paying = true
    let contractStart = paidFrom
    change(start, { mrr: seats * seatPrice, status: 'trial', renewsAt: null })
    change(paidFrom, { mrr: seats * seatPrice, status: 'active', renewsAt: renewal(paidFrom) })
    for (let month = 1; ; month++) {
      const day = paidFrom + Math.round(month * DAYS_PER_MONTH)
      if (day >= DEMO_DAYS) break
      if (!paying) {
        if (random.chance(COMEBACK)) {
          paying = true
          contractStart = day
          change(day, { mrr: seats * seatPrice, status: 'active', renewsAt: renewal(day) })
        }
        continue
      }
      const renewing = annual && day - contractStart >= DEMO_DAYS - DAYS_PER_MONTH / 2
      const atRisk = !annual || renewing
      if (atRisk && random.chance(annual ? yearly(odds.churn) : odds.churn)) {
        paying = false
        change(day, { mrr: 0, status: 'canceled', renewsAt: null })
        continue
      }
      let next = seats
      if (atRisk && random.chance(annual ? yearly(odds.contraction) : odds.contraction)) {
        next = Math.max(1, Math.round(seats * (0.7 + 0.2 * random.next())))
      } else if (random.chance(odds.expansion)) {
        next = Math.ceil(seats * (1.1 + 0.3 * random.next()))
      }
      if (renewing) contractStart = day
      if (next === seats && !renewing) continue
      seats = next
      change(day, {
        mrr: seats * seatPrice,
        status: 'active',
        renewsAt: annual ? at(contractStart + DEMO_DAYS) : null,
      })
    }
  }
  return {
    changes,
    rates: dollarsFrom === Number.POSITIVE_INFINITY ? [] : dollarRates(random, timeline, dollarsFrom),
  }
}

/** A euro price for a dollar every month from `fromDay` to today: around 0.92, drifting a few percent. */
function dollarRates(random: Random, timeline: Timeline, fromDay: number): MonthlyRate[] {
  const months = new Set<string>()
  for (let day = fromDay; day <= DEMO_DAYS; day += 7) {
    months.add(monthOf(timeline.instant(Math.min(day, DEMO_DAYS), 12 * 3_600_000), DEMO_TIME_ZONE))
  }
  let level = 9_200
  return [...months].sort().map((month) => {
    level = Math.min(9_700, Math.max(8_700, level + random.int(-120, 120)))
    return { currency: FOREIGN_CURRENCY, month, rate: `0.${level}` }
  })
}
