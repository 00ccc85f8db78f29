import { z } from 'zod'
import type { RevenueStatus } from './ledger'
import { BILLING_INTERVALS, monthlyAmount } from './monthly'
import { divideRounded } from './ratio'

/** The subscription events Heed turns into MRR; Stripe may send others to the same endpoint. */
export const STRIPE_SUBSCRIPTION_EVENTS = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
] as const

const ZCoupon = z.object({
  duration: z.string(),
  percent_off: z.number().min(0).max(100).nullish(),
  amount_off: z.number().int().min(0).nullish(),
})

/** A discount as Stripe sends it: the coupon directly (older API versions) or under `source` (newer ones). */
const ZDiscount = z.object({
  coupon: ZCoupon.nullish(),
  source: z.object({ coupon: z.union([ZCoupon, z.string()]).nullish() }).nullish(),
})

const ZMetadata = z.record(z.string(), z.string()).nullish()

/** The part of a Stripe subscription object that sets its MRR and its account; other fields are ignored. */
export const ZStripeSubscription = z.object({
  id: z.string().min(1),
  customer: z.union([z.string().min(1), z.object({ id: z.string().min(1), metadata: ZMetadata })]),
  status: z.string(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
  cancel_at_period_end: z.boolean().nullish(),
  current_period_end: z.number().int().nullish(),
  ended_at: z.number().int().nullish(),
  canceled_at: z.number().int().nullish(),
  metadata: ZMetadata,
  discount: ZDiscount.nullish(),
  discounts: z.array(z.union([z.string(), ZDiscount])).nullish(),
  items: z.object({
    data: z.array(
      z.object({
        quantity: z.number().int().min(0).nullish(),
        current_period_end: z.number().int().nullish(),
        price: z.object({
          unit_amount: z.number().int().min(0).nullish(),
          recurring: z
            .object({
              interval: z.enum(BILLING_INTERVALS),
              interval_count: z.number().int().min(1).nullish(),
            })
            .nullish(),
        }),
      }),
    ),
  }),
})
export type TStripeSubscription = z.infer<typeof ZStripeSubscription>

/** A Stripe event carrying a subscription: what the webhook receives. */
export const ZStripeSubscriptionEvent = z.object({
  id: z.string().min(1),
  type: z.enum(STRIPE_SUBSCRIPTION_EVENTS),
  created: z.number().int().min(0),
  data: z.object({ object: ZStripeSubscription }),
})
export type TStripeSubscriptionEvent = z.infer<typeof ZStripeSubscriptionEvent>

/** Where Heed reads the account of a Stripe customer: this metadata key, else the customer id. */
export const STRIPE_ACCOUNT_METADATA = 'heed_account_id'

/**
 * The Heed account a subscription belongs to: `heed_account_id` from the expanded customer's metadata,
 * else from the subscription's metadata, else the Stripe customer id.
 */
export function stripeAccountId(subscription: TStripeSubscription): string {
  const customer = subscription.customer
  if (typeof customer === 'object') {
    const fromCustomer = customer.metadata?.[STRIPE_ACCOUNT_METADATA]
    if (fromCustomer) return fromCustomer
  }
  const fromSubscription = subscription.metadata?.[STRIPE_ACCOUNT_METADATA]
  if (fromSubscription) return fromSubscription
  return typeof customer === 'object' ? customer.id : customer
}

/** Coupons that keep applying for the subscription's whole life; `once` and `repeating` ones end, so MRR ignores them. */
function foreverCoupons(subscription: TStripeSubscription) {
  const discounts = [subscription.discount, ...(subscription.discounts ?? [])]
  const coupons = discounts.map((discount) =>
    discount === null || discount === undefined || typeof discount === 'string'
      ? undefined
      : (discount.coupon ??
        (typeof discount.source?.coupon === 'object' ? discount.source.coupon : undefined)),
  )
  return coupons.filter((coupon) => coupon?.duration === 'forever')
}

/**
 * Monthly recurring revenue of a Stripe subscription, in minor units of its currency: the sum over its items
 * of price.unit_amount × quantity normalised to a month by monthlyAmount (yearly ÷ 12, weekly × 52 ÷ 12,
 * `interval_count`), less its forever discounts: `percent_off` of that sum (rounded once, halves up), then
 * `amount_off`, which Stripe takes off each invoice, normalised to a month by the first item's interval,
 * never below 0. Items without a recurring unit price (metered or tiered) count 0: their amount is only known
 * once invoiced. Status is not looked at here: see stripeLedgerState.
 */
export function stripeSubscriptionMrr(subscription: TStripeSubscription): number {
  let total = 0
  for (const item of subscription.items.data) {
    const recurring = item.price.recurring
    if (!recurring || item.price.unit_amount === null || item.price.unit_amount === undefined) continue
    total += monthlyAmount(
      item.price.unit_amount * (item.quantity ?? 1),
      recurring.interval,
      recurring.interval_count ?? 1,
    )
  }
  const billing = subscription.items.data.find((item) => item.price.recurring)?.price.recurring
  for (const coupon of foreverCoupons(subscription)) {
    if (coupon?.percent_off) {
      // Percentages may have two decimals (12.5): basis points keep them exact.
      const basisPoints = BigInt(Math.round(coupon.percent_off * 100))
      total -= Number(divideRounded(BigInt(total) * basisPoints, 10_000n))
    }
    if (coupon?.amount_off && billing) {
      total -= monthlyAmount(coupon.amount_off, billing.interval, billing.interval_count ?? 1)
    }
  }
  return Math.max(0, total)
}

/** What a subscription means for the ledger now: the status and MRR it gives, and when it ends if it does. */
export interface StripeLedgerState {
  status: RevenueStatus
  /** MRR in minor units of `currency` (also while trialing: what the account will pay, not revenue yet). */
  mrr: number
  currency: string
  /** When the current period ends, in epoch ms: the renewal, or the churn when it is set to cancel then. */
  periodEnd: number | null
  /** Epoch ms at which the subscription stops paying: its end, or its period's end when canceling then. */
  endsAt: number | null
}

/**
 * Reads a subscription's state for the ledger. `trialing` is a trial (not revenue); `active` and `past_due`
 * (Stripe still retries the payment) are paying; `incomplete` (first payment not made), `incomplete_expired`,
 * `unpaid`, `paused` and `canceled` pay nothing. A `customer.subscription.deleted` event or status `canceled`
 * ends it at `ended_at`, else `canceled_at`, else `fallbackEnd` (the event's time); `cancel_at_period_end`
 * ends it at `current_period_end` (on newer API versions, the items' latest period end).
 */
export function stripeLedgerState(
  subscription: TStripeSubscription,
  deleted: boolean,
  fallbackEnd: number,
): StripeLedgerState {
  const seconds = (value: number | null | undefined) =>
    value === null || value === undefined ? null : value * 1000
  const itemEnds = subscription.items.data.map((item) => item.current_period_end ?? 0)
  const periodEnd = seconds(
    subscription.current_period_end ?? (itemEnds.length > 0 ? Math.max(...itemEnds) : null),
  )
  const currency = subscription.currency.toUpperCase()
  const mrr = stripeSubscriptionMrr(subscription)
  if (deleted || subscription.status === 'canceled') {
    const end = seconds(subscription.ended_at) ?? seconds(subscription.canceled_at) ?? fallbackEnd
    return { status: 'canceled', mrr: 0, currency, periodEnd, endsAt: end }
  }
  const endsAt = subscription.cancel_at_period_end ? periodEnd : null
  if (subscription.status === 'trialing') return { status: 'trial', mrr, currency, periodEnd, endsAt }
  if (subscription.status === 'active' || subscription.status === 'past_due') {
    return { status: 'active', mrr, currency, periodEnd, endsAt }
  }
  return { status: 'canceled', mrr: 0, currency, periodEnd, endsAt: null }
}
