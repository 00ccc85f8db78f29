import type { RevenueStatus } from '@heed/shared/revenue/ledger'
import {
  stripeAccountId,
  stripeLedgerState,
  type TStripeSubscriptionEvent,
} from '@heed/shared/revenue/stripe'
import type { HeedDatabase } from '../../db/open'
import { query, type SqlWork } from '../../db/work'
import { type NewRevenueChange, recordChanges } from '../revenue/ledger'
import { withdrawChange } from '../revenue/withdraw'

/** What became of an event: applied to the ledger, a retry of one applied, or older than the state held. */
export type StripeOutcome = 'applied' | 'duplicate' | 'stale'

interface SubscriptionRow {
  subscription_id: string
  account_id: string
  event_created: number | string
  same_second: number | string
  status: RevenueStatus
  mrr: number | string
  currency: string
  ends_at: number | string | null
}

/** The ledger id of the change that ends a subscription at `at`: the same whether scheduled or reported. */
const endId = (subscriptionId: string, at: number) => `stripe_${subscriptionId}_end_${at}`

/**
 * Applies a Stripe subscription event to the revenue ledger, through recordChanges (so a missing exchange rate
 * is a 422 and nothing is kept). An event already applied is a `duplicate`; one created before the newest event
 * applied to its subscription is `stale` and changes nothing, so late delivery never overwrites a newer state.
 *
 * The account's MRR is the sum over its subscriptions' latest states (Stripe bills a customer in one currency).
 * The change is written at the event's `created` time (plus a millisecond per event already applied in that
 * same second, since the ledger holds one change per account and instant); a subscription set to cancel at
 * its period's end also gets the change that ends it then, withdrawn if a later event lifts the cancellation.
 *
 * Not one transaction with the ledger write: if the process stops in between, Stripe's retry recomputes the
 * same changes, which the ledger recognises as already stored.
 */
export async function applyStripeEvent(
  database: HeedDatabase,
  project: { id: string; timeZone: string },
  event: TStripeSubscriptionEvent,
  now: number,
): Promise<StripeOutcome> {
  const subscription = event.data.object
  const [seen, held, others] = await Promise.all([
    database.db
      .selectFrom('stripe_events')
      .select('event_id')
      .where('project_id', '=', project.id)
      .where('event_id', '=', event.id)
      .executeTakeFirst(),
    database.db
      .selectFrom('stripe_subscriptions')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('subscription_id', '=', subscription.id)
      .executeTakeFirst() as Promise<SubscriptionRow | undefined>,
    database.db
      .selectFrom('stripe_subscriptions')
      .select(['mrr', 'status'])
      .where('project_id', '=', project.id)
      .where('account_id', '=', stripeAccountId(subscription))
      .where('subscription_id', '!=', subscription.id)
      .execute(),
  ])
  if (seen) return 'duplicate'
  const heldCreated = held ? Number(held.event_created) : undefined
  if (heldCreated !== undefined && event.created < heldCreated) {
    await markSeen(database, project.id, event.id, now)
    return 'stale'
  }

  const accountId = stripeAccountId(subscription)
  const createdAt = event.created * 1000
  const sameSecond = heldCreated === event.created ? Number(held?.same_second) + 1 : 0
  const at = createdAt + sameSecond
  const state = stripeLedgerState(subscription, event.type === 'customer.subscription.deleted', createdAt)
  const otherMrr = others
    .filter((other) => other.status === 'active')
    .reduce((sum, other) => sum + Number(other.mrr), 0)
  /** The account's ledger entry when this subscription pays `mrr` with `status`, beside its other ones. */
  const accountEntry = (status: RevenueStatus, mrr: number) =>
    status === 'active' || otherMrr > 0
      ? { status: 'active' as const, mrr: (status === 'active' ? mrr : 0) + otherMrr }
      : { status, mrr }

  const changes: NewRevenueChange[] = []
  const ending = state.endsAt === null ? undefined : { at: state.endsAt, ...accountEntry('canceled', 0) }
  if (state.status !== 'canceled' || ending === undefined || ending.at > at) {
    changes.push({
      id: `stripe_${event.id}`,
      accountId,
      at,
      currency: state.currency,
      plan: null,
      renewsAt: state.status === 'canceled' || state.endsAt !== null ? null : state.periodEnd,
      ...accountEntry(state.status, state.mrr),
    })
  }
  if (ending) {
    changes.push({
      id: endId(subscription.id, ending.at),
      accountId,
      at: ending.at,
      currency: state.currency,
      plan: null,
      renewsAt: null,
      status: ending.status,
      mrr: ending.mrr,
    })
  }
  await recordChanges(database, project.id, changes, { now, timeZone: project.timeZone })

  const scheduled = held?.ends_at === null || held?.ends_at === undefined ? null : Number(held.ends_at)
  const withdrawn = scheduled !== null && scheduled !== state.endsAt && scheduled > at ? scheduled : null
  const subscriptionRow = {
    account_id: accountId,
    event_created: event.created,
    same_second: sameSecond,
    status: state.status,
    mrr: state.mrr,
    currency: state.currency,
    ends_at: state.status === 'canceled' ? null : state.endsAt,
  }
  return database.transact(function* (): SqlWork<StripeOutcome> {
    // A retry delivered while this one ran got here first: it applied the same changes.
    const marked = yield* query(
      'INSERT INTO stripe_events (project_id, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [project.id, event.id, now],
    )
    if (marked.changes === 0) return 'duplicate'
    if (withdrawn !== null) yield* withdrawChange(project.id, endId(subscription.id, withdrawn), at)
    const values = Object.values(subscriptionRow)
    yield* query(
      `INSERT INTO stripe_subscriptions (project_id, subscription_id, ${Object.keys(subscriptionRow).join(', ')})
       VALUES (?, ?, ${values.map(() => '?').join(', ')})
       ON CONFLICT (project_id, subscription_id) DO UPDATE SET
       ${Object.keys(subscriptionRow)
         .map((column) => `${column} = excluded.${column}`)
         .join(', ')}`,
      [project.id, subscription.id, ...values],
    )
    return 'applied'
  })
}

async function markSeen(database: HeedDatabase, projectId: string, eventId: string, now: number) {
  await database.db
    .insertInto('stripe_events')
    .values({ project_id: projectId, event_id: eventId, received_at: now })
    .onConflict((conflict) => conflict.doNothing())
    .execute()
}
