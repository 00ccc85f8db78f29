import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

// Only the signing helper of the official client is used: it never calls Stripe with this dummy key.
const stripe = new Stripe('sk_test_dummy_never_used')
const SECRET = 'whsec_testsecret0123456789abcdef'

interface ChangeJson {
  id: string
  at: string
  mrr: number
  currency: string
  status: string
  renewsAt: string | null
}

const DAY = 86_400
const JAN_1 = Date.UTC(2026, 0, 1) / 1000
const FEB_1 = Date.UTC(2026, 1, 1) / 1000

/** A subscription object as Stripe sends it, with one monthly item of 50.00 unless told otherwise. */
function subscription(overrides: Record<string, unknown> = {}) {
  return {
    id: 'sub_1',
    object: 'subscription',
    customer: 'cus_1',
    status: 'active',
    currency: 'usd',
    cancel_at_period_end: false,
    current_period_end: FEB_1,
    ended_at: null,
    canceled_at: null,
    metadata: {},
    discount: null,
    items: {
      object: 'list',
      data: [
        { quantity: 1, price: { unit_amount: 5_000, recurring: { interval: 'month', interval_count: 1 } } },
      ],
    },
    ...overrides,
  }
}

function event(id: string, type: string, created: number, object: Record<string, unknown>) {
  return { id, object: 'event', type, created, data: { object } }
}

describe.each(dialectCases())('Stripe webhooks on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject

  const admin = (method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  /** Delivers a payload signed by Stripe's own test helper, now unless `timestamp` says otherwise. */
  const deliver = (payload: unknown, options: { secret?: string; timestamp?: number } = {}) => {
    const text = JSON.stringify(payload)
    const header = stripe.webhooks.generateTestHeaderString({
      payload: text,
      secret: options.secret ?? SECRET,
      ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
    })
    return app.request(`/integrations/stripe/${acme.project.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: text,
    })
  }
  const changesOf = async (accountId: string) => {
    const response = await admin('GET', `/accounts/${accountId}/revenue`)
    if (response.status === 404) return []
    return (await jsonOf<{ changes: ChangeJson[] }>(response)).changes.map(
      ({ at, mrr, status, currency, renewsAt }) => ({ at, mrr, status, currency, renewsAt }),
    )
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
  })
  afterAll(() => database.close())

  it('answers 404 until the endpoint secret is set, then shows only its last characters', async () => {
    expect(
      (await deliver(event('evt_0', 'customer.subscription.created', JAN_1, subscription()))).status,
    ).toBe(404)
    const bad = await admin('PUT', '/integrations/stripe', { endpointSecret: 'not-a-secret' })
    expect(bad.status).toBe(400)
    expect(await fieldsOf(bad)).toEqual(['endpointSecret'])
    const put = await admin('PUT', '/integrations/stripe', { endpointSecret: SECRET })
    expect(put.status).toBe(200)
    const shown = await jsonOf(await admin('GET', '/integrations/stripe'))
    expect(shown).toEqual({ path: `/integrations/stripe/${acme.project.id}`, endpointSecret: 'whsec_…cdef' })
    expect(JSON.stringify(shown)).not.toContain(SECRET)
  })

  it('refuses a wrong, missing or stale signature with 400 and stores nothing', async () => {
    const payload = event(
      'evt_bad',
      'customer.subscription.created',
      JAN_1,
      subscription({ customer: 'cus_bad' }),
    )
    const wrong = await deliver(payload, { secret: 'whsec_someoneelse0123456789' })
    expect(wrong.status).toBe(400)
    expect(await jsonOf(wrong)).toMatchObject({ error: { code: 'invalid_signature' } })
    const stale = await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    expect(stale.status).toBe(400)
    expect(await fieldsOf(stale)).toEqual(['Stripe-Signature'])
    const unsigned = await app.request(`/integrations/stripe/${acme.project.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
    expect(unsigned.status).toBe(400)
    const tampered = stripe.webhooks.generateTestHeaderString({
      payload: JSON.stringify(payload),
      secret: SECRET,
    })
    const altered = await app.request(`/integrations/stripe/${acme.project.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': tampered },
      body: JSON.stringify({ ...payload, created: JAN_1 + 1 }),
    })
    expect(altered.status).toBe(400)
    expect(await changesOf('cus_bad')).toEqual([])
  })

  it('turns a subscription into MRR: intervals, quantities and forever discounts, a retry changing nothing', async () => {
    const items = [
      // 120.00 a year × 3 seats = 30.00 a month
      { quantity: 3, price: { unit_amount: 12_000, recurring: { interval: 'year', interval_count: 1 } } },
      // 10.00 a week = 43.33 a month
      { quantity: 1, price: { unit_amount: 1_000, recurring: { interval: 'week', interval_count: 1 } } },
      // 90.00 a quarter = 30.00 a month
      { quantity: 1, price: { unit_amount: 9_000, recurring: { interval: 'month', interval_count: 3 } } },
    ]
    const created = event(
      'evt_mix',
      'customer.subscription.created',
      JAN_1,
      subscription({
        id: 'sub_mix',
        customer: { id: 'cus_mix', metadata: { heed_account_id: 'acc-mix' } },
        items: { object: 'list', data: items },
        // 10% off forever: 10,333 − 1,033 = 9,300; a one-off coupon does not lower MRR.
        discounts: [
          { coupon: { duration: 'forever', percent_off: 10, amount_off: null } },
          { coupon: { duration: 'once', percent_off: 50, amount_off: null } },
        ],
      }),
    )
    const first = await deliver(created)
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await jsonOf(first)).toEqual({ received: 'evt_mix', outcome: 'applied' })
    const retry = await deliver(created)
    expect(await jsonOf(retry)).toEqual({ received: 'evt_mix', outcome: 'duplicate' })
    expect(await changesOf('acc-mix')).toEqual([
      {
        at: '2026-01-01T00:00:00.000Z',
        mrr: 9_300,
        status: 'active',
        currency: 'USD',
        renewsAt: '2026-02-01T00:00:00.000Z',
      },
    ])
    expect(await changesOf('cus_mix')).toEqual([])
  })

  it('counts a trial as no revenue, then a conversion, with an amount-off discount', async () => {
    const trial = subscription({ id: 'sub_t', customer: 'cus_t', status: 'trialing' })
    await deliver(event('evt_t1', 'customer.subscription.created', JAN_1, trial))
    const paying = subscription({
      id: 'sub_t',
      customer: 'cus_t',
      metadata: { heed_account_id: 'acc-t' },
      // 12.00 off each yearly invoice, forever: 1.00 a month off 100.00 a month.
      items: {
        object: 'list',
        data: [{ quantity: 1, price: { unit_amount: 120_000, recurring: { interval: 'year' } } }],
      },
      discount: { coupon: { duration: 'forever', percent_off: null, amount_off: 1_200 } },
    })
    await deliver(event('evt_t2', 'customer.subscription.updated', JAN_1 + 14 * DAY, paying))
    expect(await changesOf('cus_t')).toEqual([
      {
        at: '2026-01-01T00:00:00.000Z',
        mrr: 5_000,
        status: 'trial',
        currency: 'USD',
        renewsAt: '2026-02-01T00:00:00.000Z',
      },
    ])
    expect(await changesOf('acc-t')).toEqual([
      {
        at: '2026-01-15T00:00:00.000Z',
        mrr: 9_900,
        status: 'active',
        currency: 'USD',
        renewsAt: '2026-02-01T00:00:00.000Z',
      },
    ])
  })

  it('never lets an older event overwrite a newer state, whatever the order of delivery', async () => {
    const later = subscription({
      id: 'sub_o',
      customer: 'cus_o',
      items: {
        object: 'list',
        data: [{ quantity: 2, price: { unit_amount: 5_000, recurring: { interval: 'month' } } }],
      },
    })
    expect(
      await jsonOf(await deliver(event('evt_o2', 'customer.subscription.updated', JAN_1 + DAY, later))),
    ).toMatchObject({ outcome: 'applied' })
    const earlier = subscription({ id: 'sub_o', customer: 'cus_o' })
    expect(
      await jsonOf(await deliver(event('evt_o1', 'customer.subscription.created', JAN_1, earlier))),
    ).toMatchObject({ outcome: 'stale' })
    expect(await changesOf('cus_o')).toEqual([
      {
        at: '2026-01-02T00:00:00.000Z',
        mrr: 10_000,
        status: 'active',
        currency: 'USD',
        renewsAt: '2026-02-01T00:00:00.000Z',
      },
    ])
  })

  it('ends in the newest state whatever order three events arrive in', async () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]
    for (const [n, order] of orders.entries()) {
      const base = { id: `sub_perm_${n}`, customer: `cus_perm_${n}` }
      const seats = (quantity: number) => ({
        object: 'list',
        data: [{ quantity, price: { unit_amount: 5_000, recurring: { interval: 'month' } } }],
      })
      const events = [
        event(
          `evt_perm_${n}_a`,
          'customer.subscription.created',
          JAN_1,
          subscription({ ...base, items: seats(1) }),
        ),
        event(
          `evt_perm_${n}_b`,
          'customer.subscription.updated',
          JAN_1 + DAY,
          subscription({ ...base, items: seats(3) }),
        ),
        event(
          `evt_perm_${n}_c`,
          'customer.subscription.updated',
          JAN_1 + 2 * DAY,
          subscription({ ...base, items: seats(2) }),
        ),
      ]
      for (const index of order) expect((await deliver(events[index])).status).toBe(200)
      const changes = await changesOf(`cus_perm_${n}`)
      expect(changes.at(-1), `order ${order.join(', ')}`).toMatchObject({
        at: '2026-01-03T00:00:00.000Z',
        mrr: 10_000,
      })
    }
  })

  it('churns at the period end when set to cancel then, withdraws that churn if lifted, and ends a deleted one', async () => {
    const base = { id: 'sub_c', customer: 'cus_c' }
    await deliver(event('evt_c1', 'customer.subscription.created', JAN_1, subscription(base)))
    await deliver(
      event(
        'evt_c2',
        'customer.subscription.updated',
        JAN_1 + DAY,
        subscription({ ...base, cancel_at_period_end: true }),
      ),
    )
    expect(await changesOf('cus_c')).toEqual([
      {
        at: '2026-01-01T00:00:00.000Z',
        mrr: 5_000,
        status: 'active',
        currency: 'USD',
        renewsAt: '2026-02-01T00:00:00.000Z',
      },
      { at: '2026-01-02T00:00:00.000Z', mrr: 5_000, status: 'active', currency: 'USD', renewsAt: null },
      { at: '2026-02-01T00:00:00.000Z', mrr: 0, status: 'canceled', currency: 'USD', renewsAt: null },
    ])
    await deliver(event('evt_c3', 'customer.subscription.updated', JAN_1 + 2 * DAY, subscription(base)))
    expect((await changesOf('cus_c')).map((change) => change.at)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ])
    const deleted = subscription({
      ...base,
      status: 'canceled',
      ended_at: JAN_1 + 10 * DAY,
      canceled_at: JAN_1 + 10 * DAY,
    })
    await deliver(event('evt_c4', 'customer.subscription.deleted', JAN_1 + 10 * DAY, deleted))
    expect((await changesOf('cus_c')).at(-1)).toEqual({
      at: '2026-01-11T00:00:00.000Z',
      mrr: 0,
      status: 'canceled',
      currency: 'USD',
      renewsAt: null,
    })
  })

  it('keeps a churn already past when news of the subscription comes after it', async () => {
    const base = { id: 'sub_p', customer: 'cus_p' }
    await deliver(event('evt_p1', 'customer.subscription.created', JAN_1, subscription(base)))
    await deliver(
      event(
        'evt_p2',
        'customer.subscription.updated',
        JAN_1 + DAY,
        subscription({ ...base, cancel_at_period_end: true }),
      ),
    )
    const later = subscription({ ...base, current_period_end: FEB_1 + 28 * DAY })
    await deliver(event('evt_p3', 'customer.subscription.updated', FEB_1 + DAY, later))
    expect((await changesOf('cus_p')).map(({ at, mrr, status }) => ({ at, mrr, status }))).toEqual([
      { at: '2026-01-01T00:00:00.000Z', mrr: 5_000, status: 'active' },
      { at: '2026-01-02T00:00:00.000Z', mrr: 5_000, status: 'active' },
      { at: '2026-02-01T00:00:00.000Z', mrr: 0, status: 'canceled' },
      { at: '2026-02-02T00:00:00.000Z', mrr: 5_000, status: 'active' },
    ])
  })

  it('sums the subscriptions of one account, and keeps the rest when one ends', async () => {
    await deliver(
      event(
        'evt_two_1',
        'customer.subscription.created',
        JAN_1,
        subscription({ id: 'sub_x1', customer: 'cus_two' }),
      ),
    )
    const second = subscription({
      id: 'sub_x2',
      customer: 'cus_two',
      items: {
        object: 'list',
        data: [{ quantity: 2, price: { unit_amount: 5_000, recurring: { interval: 'month' } } }],
      },
    })
    await deliver(event('evt_two_2', 'customer.subscription.created', JAN_1 + DAY, second))
    const ended = subscription({
      id: 'sub_x1',
      customer: 'cus_two',
      status: 'canceled',
      ended_at: JAN_1 + 5 * DAY,
    })
    await deliver(event('evt_two_3', 'customer.subscription.deleted', JAN_1 + 5 * DAY, ended))
    expect((await changesOf('cus_two')).map(({ at, mrr, status }) => ({ at, mrr, status }))).toEqual([
      { at: '2026-01-01T00:00:00.000Z', mrr: 5_000, status: 'active' },
      { at: '2026-01-02T00:00:00.000Z', mrr: 15_000, status: 'active' },
      { at: '2026-01-06T00:00:00.000Z', mrr: 10_000, status: 'active' },
    ])
  })

  it('needs a rate for a subscription in another currency, refusing with 422 and keeping nothing', async () => {
    const euro = event(
      'evt_eur',
      'customer.subscription.created',
      JAN_1,
      subscription({ id: 'sub_e', customer: 'cus_e', currency: 'eur' }),
    )
    const refused = await deliver(euro)
    expect(refused.status).toBe(422)
    expect(await changesOf('cus_e')).toEqual([])
    await admin('PUT', '/revenue/rates', { rates: [{ currency: 'EUR', month: '2026-01', rate: '1.1' }] })
    expect(await jsonOf(await deliver(euro))).toMatchObject({ outcome: 'applied' })
    expect(await changesOf('cus_e')).toHaveLength(1)
  })

  it('acknowledges other event types without storing anything, and names a bad field', async () => {
    expect(
      await jsonOf(
        await deliver({ id: 'evt_inv', type: 'invoice.paid', created: JAN_1, data: { object: {} } }),
      ),
    ).toEqual({ received: 'evt_inv', outcome: 'ignored' })
    const broken = await deliver(
      event(
        'evt_x',
        'customer.subscription.created',
        JAN_1,
        subscription({
          items: { data: [{ quantity: 1, price: { unit_amount: -5, recurring: { interval: 'month' } } }] },
        }),
      ),
    )
    expect(broken.status).toBe(400)
    expect(await fieldsOf(broken)).toEqual(['data.object.items.data.0.price.unit_amount'])
  })
})
