import { describe, expect, it } from 'vitest'
import {
  stripeAccountId,
  stripeLedgerState,
  stripeSubscriptionMrr,
  type TStripeSubscription,
  ZStripeSubscription,
} from './stripe'

type Item = TStripeSubscription['items']['data'][number]
const item = (
  unit_amount: number,
  interval: 'day' | 'week' | 'month' | 'year',
  interval_count = 1,
  quantity = 1,
): Item => ({
  quantity,
  price: { unit_amount, recurring: { interval, interval_count } },
})
const subscription = (overrides: Partial<TStripeSubscription> = {}): TStripeSubscription =>
  ZStripeSubscription.parse({
    id: 'sub_1',
    customer: 'cus_1',
    status: 'active',
    currency: 'eur',
    current_period_end: 1_767_225_600,
    items: { data: [item(5_000, 'month')] },
    ...overrides,
  })

describe('stripeSubscriptionMrr', () => {
  it('normalises each item to a month and sums them (hand-computed)', () => {
    // 36.50 a day = 1,110.21 a month (3,650 × 365 ÷ 12 = 111,020.83); 2 × 600.00 every 2 years = 50.00;
    // 3 × 7.00 a week = 91.00 (2,100 × 52 ÷ 12).
    const items = [item(3_650, 'day'), item(60_000, 'year', 2, 2), item(700, 'week', 1, 3)]
    expect(stripeSubscriptionMrr(subscription({ items: { data: items } }))).toBe(111_021 + 5_000 + 9_100)
  })

  it('takes forever discounts off, ignoring once and repeating ones', () => {
    const percent = { duration: 'forever', percent_off: 12.5, amount_off: null }
    // 50.00 − 12.5% = 43.75
    expect(stripeSubscriptionMrr(subscription({ discount: { coupon: percent } }))).toBe(4_375)
    // The newer API's discounts, the coupon under `source`; ids that are not expanded are skipped.
    expect(
      stripeSubscriptionMrr(subscription({ discounts: ['di_1', { source: { coupon: percent } }] })),
    ).toBe(4_375)
    const repeating = { duration: 'repeating', percent_off: 50, amount_off: null }
    expect(stripeSubscriptionMrr(subscription({ discount: { coupon: repeating } }))).toBe(5_000)
    // 30.00 off each quarterly invoice of 150.00 (50.00 a month) is 10.00 a month off.
    const quarterly = { items: { data: [item(15_000, 'month', 3)] } }
    const amountOff = { duration: 'forever', percent_off: null, amount_off: 3_000 }
    expect(stripeSubscriptionMrr(subscription({ ...quarterly, discount: { coupon: amountOff } }))).toBe(4_000)
    // Never below nothing.
    const huge = { duration: 'forever', percent_off: null, amount_off: 1_000_000 }
    expect(stripeSubscriptionMrr(subscription({ discount: { coupon: huge } }))).toBe(0)
  })

  it('counts metered or tiered items, which have no unit amount, as 0', () => {
    const metered: Item = { quantity: 1, price: { unit_amount: null, recurring: { interval: 'month' } } }
    expect(stripeSubscriptionMrr(subscription({ items: { data: [metered, item(1_000, 'month')] } }))).toBe(
      1_000,
    )
  })
})

describe('stripeAccountId', () => {
  it("reads heed_account_id from the expanded customer, then the subscription, else takes the customer's id", () => {
    const customer = { id: 'cus_9', metadata: { heed_account_id: 'acc-from-customer' } }
    const metadata = { heed_account_id: 'acc-from-subscription' }
    expect(stripeAccountId(subscription({ customer, metadata }))).toBe('acc-from-customer')
    expect(stripeAccountId(subscription({ customer: 'cus_9', metadata }))).toBe('acc-from-subscription')
    expect(stripeAccountId(subscription({ customer: { id: 'cus_9', metadata: {} } }))).toBe('cus_9')
    expect(stripeAccountId(subscription({ customer: 'cus_9' }))).toBe('cus_9')
  })
})

describe('stripeLedgerState', () => {
  const at = 1_765_000_000_000
  it('maps Stripe statuses: trialing is a trial, past_due still pays, incomplete and unpaid pay nothing', () => {
    const state = (status: string) => stripeLedgerState(subscription({ status }), false, at)
    expect(state('trialing')).toMatchObject({ status: 'trial', mrr: 5_000, currency: 'EUR' })
    expect(state('active')).toMatchObject({
      status: 'active',
      mrr: 5_000,
      periodEnd: 1_767_225_600_000,
      endsAt: null,
    })
    expect(state('past_due')).toMatchObject({ status: 'active', mrr: 5_000 })
    for (const status of ['incomplete', 'incomplete_expired', 'unpaid', 'paused']) {
      expect(state(status)).toMatchObject({ status: 'canceled', mrr: 0 })
    }
  })

  it('ends at the period end when set to cancel then, reading the items on newer API versions', () => {
    const newer = subscription({
      cancel_at_period_end: true,
      current_period_end: null,
      items: { data: [{ ...item(5_000, 'month'), current_period_end: 1_767_225_600 }] },
    })
    expect(stripeLedgerState(newer, false, at)).toMatchObject({ status: 'active', endsAt: 1_767_225_600_000 })
  })

  it('ends a deleted subscription at ended_at, else canceled_at, else the event time', () => {
    expect(stripeLedgerState(subscription({ ended_at: 10, canceled_at: 5 }), true, at).endsAt).toBe(10_000)
    expect(stripeLedgerState(subscription({ canceled_at: 5 }), true, at).endsAt).toBe(5_000)
    expect(stripeLedgerState(subscription({ status: 'canceled' }), false, at)).toMatchObject({
      status: 'canceled',
      mrr: 0,
      endsAt: at,
    })
  })
})
