import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { seedProject, type TestProject } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import {
  developmentDestinations,
  offlineResolver,
  productionDestinations,
} from '../../test-support/webhook-destinations'
import { startWebhookReceiver } from '../../test-support/webhook-receiver'
import type { HeedDatabase } from '../db/open'
import { createLogger, type Logger } from '../logger'
import { claimDueEvents } from '../store/webhook-dispatch'
import { enqueueWebhookEvent } from '../store/webhook-outbox'
import { createWebhook, updateWebhook, type WebhookSettings } from '../store/webhooks'
import { type AllowList, allowListOf } from './allow-list'
import type { BackoffPolicy } from './backoff'
import type { DestinationPolicy } from './destination-policy'
import { startWebhookDispatcher, type WebhookDispatcher } from './dispatcher'
import type { WebhookEventType } from './event-types'
import { verifySignature } from './signature'

const FAST: BackoffPolicy = { baseMs: 40, capMs: 1_000, maxAttempts: 12 }
const WAIT = { timeout: 15_000, interval: 20 }

describe.each(dialectCases())('webhook dispatcher on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  const dispatchers: WebhookDispatcher[] = []
  const cleanups: Array<() => Promise<void>> = []

  beforeAll(async () => {
    database = await dialect.open()
  })
  // Each test's dispatchers and receivers end with it, so none sends another test's events.
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()))
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
  })
  afterAll(() => database.close())

  const start = (
    options: {
      backoff?: BackoffPolicy
      timeoutMs?: number
      pollIntervalMs?: number
      destinations?: DestinationPolicy
      logger?: Logger
    } = {},
  ) => {
    const dispatcher = startWebhookDispatcher({
      database,
      logger: createLogger('silent'),
      backoff: FAST,
      pollIntervalMs: 50,
      // The receivers are on this machine: the rule outside production, over a resolver that asks no one.
      destinations: developmentDestinations(),
      ...options,
    })
    dispatchers.push(dispatcher)
    return dispatcher
  }

  /** A project with one webhook; the project is new each time, so outboxes never mix between tests. */
  async function webhookTo(url: string, settings: Partial<WebhookSettings> = {}) {
    const project: TestProject = await seedProject(database, 'Hooks')
    const { webhook, secret } = await createWebhook(
      database,
      project.project.id,
      { url, events: ['response.created', 'detractor.created'], format: 'json', ...settings },
      Date.now(),
    )
    return { projectId: project.project.id, webhook, secret }
  }

  const enqueue = (projectId: string, count: number, type: WebhookEventType = 'response.created') =>
    database.transact(function* () {
      for (let i = 0; i < count; i++) {
        yield* enqueueWebhookEvent(projectId, type, { id: `resp_${i}`, score: i % 11 }, Date.now())
      }
    })

  const outbox = (webhookId: string) =>
    database.db.selectFrom('webhook_outbox').selectAll().where('webhook_id', '=', webhookId).execute()
  const attemptsOf = (webhookId: string) =>
    database.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('attempt')
      .execute()

  async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]) {
    const started = await startWebhookReceiver(answer)
    cleanups.push(started.close)
    return started
  }

  it('posts each event once, signed, with its delivery id and type, and marks it delivered', async () => {
    const hooks = await receiver()
    const { projectId, webhook, secret } = await webhookTo(hooks.url)
    start()
    await enqueue(projectId, 5)
    await vi.waitFor(async () => {
      expect((await outbox(webhook.id)).every((row) => row.delivered_at !== null)).toBe(true)
    }, WAIT)

    const rows = await outbox(webhook.id)
    expect(hooks.received.map((r) => r.headers['x-heed-delivery']).sort()).toEqual(
      rows.map((r) => r.id).sort(),
    )
    for (const request of hooks.received) {
      const body = JSON.parse(request.body)
      expect(request.headers['content-type']).toBe('application/json')
      expect(request.headers['x-heed-event']).toBe('response.created')
      expect(body).toEqual({
        id: request.headers['x-heed-delivery'],
        type: 'response.created',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        projectId,
        data: { id: expect.stringMatching(/^resp_\d$/), score: expect.any(Number) },
      })
      const signature = String(request.headers['x-heed-signature'])
      expect(verifySignature(secret, request.body, signature, Math.floor(Date.now() / 1000))).toBe(true)
    }
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 1, next_attempt_at: null, dead_at: null, last_error: null })
    }
    const attempts = await attemptsOf(webhook.id)
    expect(attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual(
      Array.from({ length: 5 }, () => [1, 204, null]),
    )
  })

  it('retries a refusing receiver with growing delays until it accepts, logging every attempt', async () => {
    const hooks = await receiver((_request, earlier) => (earlier < 3 ? 500 : 200))
    const { projectId, webhook } = await webhookTo(hooks.url)
    // Polls too rare to matter: the enqueue and each retry's own time wake the dispatcher.
    start({ pollIntervalMs: 60_000 })
    await enqueue(projectId, 1)
    await vi.waitFor(async () => {
      expect((await outbox(webhook.id))[0]?.delivered_at).not.toBeNull()
    }, WAIT)

    const attempts = await attemptsOf(webhook.id)
    expect(attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 500, 'HTTP 500'],
      [4, 200, null],
    ])
    const gaps = attempts.slice(1).map((a, i) => Number(a.at) - Number(attempts[i]?.at))
    // 40, 80, 160 ms, each within ±20%; far sooner than the next poll (a minute) however busy the machine.
    gaps.forEach((gap, i) => {
      expect(gap, `gap ${i + 1}`).toBeGreaterThanOrEqual(0.8 * FAST.baseMs * 2 ** i - 5)
      expect(gap, `gap ${i + 1}`).toBeLessThan(1.2 * FAST.baseMs * 2 ** i + 2_000)
    })
    expect(new Set(hooks.received.map((r) => r.headers['x-heed-delivery'])).size).toBe(1)
    const [row] = await outbox(webhook.id)
    expect(row).toMatchObject({ attempts: 4, last_error: null, next_attempt_at: null })
  })

  it('gives an event up after the last attempt when the receiver cannot be reached', async () => {
    const gone = await receiver()
    await gone.close()
    const { projectId, webhook } = await webhookTo(gone.url)
    start({ backoff: { baseMs: 10, capMs: 20, maxAttempts: 3 } })
    await enqueue(projectId, 1)
    await vi.waitFor(async () => {
      expect((await outbox(webhook.id))[0]?.dead_at).not.toBeNull()
    }, WAIT)
    await new Promise((resolve) => setTimeout(resolve, 150))
    const attempts = await attemptsOf(webhook.id)
    expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ])
    // The system's reason (ECONNREFUSED: a closed port) would tell open ports from closed ones.
    expect(attempts.map((a) => a.error)).toEqual(Array(3).fill('connection failed'))
    const [row] = await outbox(webhook.id)
    expect(row).toMatchObject({ attempts: 3, next_attempt_at: null, delivered_at: null })
    expect(row?.last_error).toBe('connection failed')
  })

  it('stops waiting for a receiver after the timeout', async () => {
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(
      () =>
        new Promise((resolve) => {
          silent.closeAllConnections()
          silent.close(() => resolve())
        }),
    )
    const { port } = silent.address() as AddressInfo
    const { projectId, webhook } = await webhookTo(`http://127.0.0.1:${port}/`)
    start({ timeoutMs: 100, backoff: { baseMs: 60_000, capMs: 60_000, maxAttempts: 12 } })
    await enqueue(projectId, 1)
    await vi.waitFor(async () => {
      expect(await attemptsOf(webhook.id)).toHaveLength(1)
    }, WAIT)
    const [attempt] = await attemptsOf(webhook.id)
    expect(attempt).toMatchObject({ status_code: null, error: 'timed out' })
    expect(Number(attempt?.duration_ms)).toBeGreaterThanOrEqual(90)
  })

  it("holds a paused webhook's events and sends them once it is active again", async () => {
    const hooks = await receiver()
    const { projectId, webhook } = await webhookTo(hooks.url)
    // Queued while active, then paused: the events wait rather than being dropped.
    await enqueue(projectId, 2)
    await updateWebhook(database, projectId, webhook.id, { active: false }, Date.now())
    start()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(hooks.received).toEqual([])
    await updateWebhook(database, projectId, webhook.id, { active: true }, Date.now())
    await vi.waitFor(() => expect(hooks.received).toHaveLength(2), WAIT)
  })

  it('sends a Slack message to a webhook in the slack format', async () => {
    const hooks = await receiver()
    const { projectId, secret } = await webhookTo(hooks.url, { format: 'slack' })
    start()
    await database.transact(() =>
      enqueueWebhookEvent(
        projectId,
        'detractor.created',
        { id: 'resp_1', kind: 'csat', score: 1, bucket: 'detractor', comment: 'Broken' },
        Date.now(),
      ),
    )
    await vi.waitFor(() => expect(hooks.received).toHaveLength(1), WAIT)
    const [request] = hooks.received
    expect(JSON.parse(request?.body ?? '')).toEqual({
      text: 'New detractor: CSAT 1',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*New detractor: CSAT 1*\n> Broken' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'response resp_1' }] },
      ],
    })
    expect(request?.headers['x-heed-event']).toBe('detractor.created')
    const signature = String(request?.headers['x-heed-signature'])
    expect(verifySignature(secret, request?.body ?? '', signature, Math.floor(Date.now() / 1000))).toBe(true)
  })

  it('lets concurrent claimers take disjoint sets of due events', async () => {
    const { projectId, webhook } = await webhookTo('https://hooks.example.com/never-called')
    await enqueue(projectId, 30)
    const now = Date.now() + 1
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => claimDueEvents(database, { now, leaseUntil: now + 60_000, limit: 5 })),
    )
    const ids = claims.flat().map((event) => event.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.sort()).toEqual((await outbox(webhook.id)).map((row) => row.id).sort())
    // Leased: not due again until the lease ends.
    expect(await claimDueEvents(database, { now, leaseUntil: now + 60_000, limit: 50 })).toEqual([])
  })

  it('shares the outbox between several dispatchers without sending any event twice', async () => {
    const hooks = await receiver()
    const { projectId, webhook } = await webhookTo(hooks.url)
    await enqueue(projectId, 40)
    for (let i = 0; i < 3; i++) start()
    await vi.waitFor(async () => {
      expect((await outbox(webhook.id)).every((row) => row.delivered_at !== null)).toBe(true)
    }, WAIT)
    const deliveryIds = hooks.received.map((r) => r.headers['x-heed-delivery'])
    expect(deliveryIds).toHaveLength(40)
    expect(new Set(deliveryIds).size).toBe(40)
  })

  /** A logger that keeps its lines, to see what the server's log says beside the delivery log. */
  function keptLogger() {
    const lines: Array<Record<string, unknown>> = []
    const logger = createLogger('warn', (line) => lines.push(JSON.parse(line)))
    return { logger, lines }
  }

  const allowing = (entries: string[]): AllowList => {
    const result = allowListOf(entries)
    if ('problem' in result) throw new Error(result.problem)
    return result.list
  }

  it('refuses in production, at delivery, a host name that now resolves to loopback and IP forms of loopback', async () => {
    const hooks = await receiver()
    const { port } = new URL(hooks.url)
    // Accepted when set up (say the name was public then); by delivery time it points at this machine.
    const resolve = offlineResolver({ 'hooks.rebinding.test': ['127.0.0.1'] })
    const urls = [
      `http://hooks.rebinding.test:${port}/hooks`,
      // Refused before TLS begins: the https connections look up through the same guard.
      `https://hooks.rebinding.test:${port}/hooks`,
      hooks.url,
      `http://0x7f000001:${port}/hooks`,
      `http://127.1:${port}/hooks`,
      `http://[::ffff:127.0.0.1]:${port}/hooks`,
    ]
    const webhooks = await Promise.all(urls.map((url) => webhookTo(url)))
    const { logger, lines } = keptLogger()
    start({
      destinations: productionDestinations({ resolve }),
      logger,
      backoff: { baseMs: 60_000, capMs: 60_000, maxAttempts: 12 },
    })
    for (const { projectId } of webhooks) await enqueue(projectId, 1)
    for (const { webhook } of webhooks) {
      await vi.waitFor(async () => expect(await attemptsOf(webhook.id)).toHaveLength(1), WAIT)
      const [attempt] = await attemptsOf(webhook.id)
      expect(attempt, webhook.url).toMatchObject({ status_code: null, error: 'destination not allowed' })
    }
    expect(hooks.received).toEqual([])
    expect(resolve.seen).toEqual(['hooks.rebinding.test', 'hooks.rebinding.test'])
    // The server's own log says why; the project's delivery log does not.
    await vi.waitFor(() => {
      const failed = lines.filter((line) => line.msg === 'webhook delivery failed')
      expect(failed).toHaveLength(urls.length)
      const rebound = failed.find((line) => line.webhookId === webhooks[0]?.webhook.id)
      expect(rebound).toMatchObject({
        error: 'destination not allowed',
        detail: expect.stringContaining('127.0.0.1, a loopback address'),
      })
    }, WAIT)
  })

  it('sends to a loopback receiver in production when the allowlist names its address or its host name', async () => {
    const hooks = await receiver()
    const { port } = new URL(hooks.url)
    const resolve = offlineResolver({ 'receiver.internal.test': ['127.0.0.1'] })
    const byAddress = await webhookTo(hooks.url)
    const byName = await webhookTo(`http://receiver.internal.test:${port}/hooks`)
    const delivered = async (webhookId: string) =>
      vi.waitFor(async () => expect((await outbox(webhookId))[0]?.delivered_at).not.toBeNull(), WAIT)

    const first = start({
      destinations: productionDestinations({ allow: allowing(['127.0.0.0/8']), resolve }),
    })
    await enqueue(byAddress.projectId, 1)
    await delivered(byAddress.webhook.id)
    await first.stop()

    // Retries a minute apart, so the refused event below is tried once while the test looks.
    start({
      destinations: productionDestinations({ allow: allowing(['receiver.internal.test']), resolve }),
      backoff: { baseMs: 60_000, capMs: 60_000, maxAttempts: 12 },
    })
    await enqueue(byName.projectId, 1)
    await delivered(byName.webhook.id)
    // The name is listed, not the address: the same receiver by its address stays refused.
    await enqueue(byAddress.projectId, 1)
    await vi.waitFor(async () => {
      // Both events' first attempts: compared as a set, since they share the attempt number.
      const outcomes = (await attemptsOf(byAddress.webhook.id)).map((a) => a.error ?? 'delivered').sort()
      expect(outcomes).toEqual(['delivered', 'destination not allowed'])
    }, WAIT)
    expect(hooks.received).toHaveLength(2)
  })
})
