import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { heed, type ServerProcess, startServer } from './support/server-process'
import { type ReceivedRequest, WebhookReceiver } from './support/webhook-receiver'

const folder = mkdtempSync(join(tmpdir(), 'heed-webhooks-'))
const databaseFile = join(folder, 'heed.db')
const receiver = new WebhookReceiver()
let server: ServerProcess | undefined
afterAll(async () => {
  server?.child.kill('SIGTERM')
  await server?.exited
  await receiver.down()
  rmSync(folder, { recursive: true, force: true })
})

/** Retries come 100 ms, 200 ms, 400 ms … after a failure instead of minutes. */
const SERVER_ENV = { HEED_WEBHOOK_BACKOFF_MS: '100' }
const WAIT = { timeout: 60_000, interval: 50 }

/** The receiver's side of the documented signature: HMAC-SHA256 of "<t>.<body>", compared in constant time. */
function signatureIsValid(secret: string, request: ReceivedRequest): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['x-heed-signature']))
  if (!match) return false
  const [, time = '', given = ''] = match
  const expected = createHmac('sha256', secret).update(`${time}.${request.body}`).digest()
  const fresh = Math.abs(request.at / 1000 - Number(time)) < 300
  return fresh && timingSafeEqual(Buffer.from(given, 'hex'), expected)
}

const deliveryId = (request: ReceivedRequest) => String(request.headers['x-heed-delivery'])
const acceptedIds = () => receiver.received.filter((r) => r.status < 300).map(deliveryId)
const seenIds = () => new Set(receiver.received.map(deliveryId))

describe('webhook alerts', () => {
  it('delivers every alert exactly once through refusals, an outage and a server restart', async () => {
    const { publicKey, secretKey } = JSON.parse(
      await heed(['project', 'create', '--name', 'Alerts', '--json', '--database', databaseFile]),
    ) as { publicKey: string; secretKey: string }
    server = await startServer(databaseFile, [], SERVER_ENV)
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${(server as ServerProcess).url}/admin/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      })

    type LogEntry = { statusCode: number | null; error: string | null; eventStatus: string }
    /** Every attempt of the webhook's delivery log, through all its pages. */
    const deliveryLog = async (): Promise<LogEntry[]> => {
      const log: LogEntry[] = []
      let cursor: string | null = null
      do {
        const page = (await (
          await admin(`/webhooks/${webhook.id}/deliveries?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        ).json()) as { deliveries: LogEntry[]; nextCursor: string | null }
        log.push(...page.deliveries)
        cursor = page.nextCursor
      } while (cursor)
      return log
    }

    const survey = await admin('/surveys', {
      method: 'POST',
      body: JSON.stringify({
        name: 'NPS',
        kind: 'nps',
        status: 'active',
        defaultLocale: 'en',
        question: { en: 'How likely are you to recommend us?' },
        followUp: { default: { en: 'Why?' } },
        targeting: { triggers: [{ type: 'pageview' }] },
      }),
    })
    const surveyId = ((await survey.json()) as { survey: { id: string } }).survey.id
    await receiver.up()
    const created = await admin('/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: receiver.url, events: ['response.created', 'detractor.created'] }),
    })
    expect(created.status).toBe(201)
    const { webhook, secret } = (await created.json()) as { webhook: { id: string }; secret: string }

    const answer = async (id: string, score: number) => {
      const res = await fetch(`${(server as ServerProcess).url}/ingest/v1/responses?key=${publicKey}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ id, surveyId, anonymousId: `anon_${id}`, score }),
      })
      expect(res.status).toBe(201)
    }
    /** Every alert the answers must raise: response.created for each, detractor.created for 0-6. */
    const expectedAlerts = (answers: Array<[string, number]>) =>
      answers.flatMap(([id, score]) => [
        `response.created ${id}`,
        ...(score <= 6 ? [`detractor.created ${id}`] : []),
      ])

    // 1. The receiver refuses each alert twice (500), then accepts it.
    receiver.answer = (headers) =>
      receiver.received.filter((r) => r.headers['x-heed-delivery'] === headers['x-heed-delivery']).length < 2
        ? 500
        : 200
    const first: Array<[string, number]> = [
      ['resp_alert_a', 10],
      ['resp_alert_b', 3],
      ['resp_alert_c', 8],
      ['resp_alert_d', 0],
    ]
    for (const [id, score] of first) await answer(id, score)
    await vi.waitFor(() => expect(acceptedIds()).toHaveLength(expectedAlerts(first).length), WAIT)
    const deliveredBeforeRestart = new Set(acceptedIds())

    // 2. New alerts are refused, then the receiver goes down and the server restarts while it is down.
    receiver.answer = () => 500
    const second: Array<[string, number]> = [
      ['resp_alert_e', 6],
      ['resp_alert_f', 9],
      ['resp_alert_g', 1],
    ]
    for (const [id, score] of second) await answer(id, score)
    const total = expectedAlerts([...first, ...second]).length
    await vi.waitFor(() => expect(seenIds().size).toBe(total), WAIT)
    await receiver.down()
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    server = await startServer(databaseFile, [], SERVER_ENV)
    const restartedAt = Date.now()
    // The restarted server retries while the receiver is still down (the only time an attempt can find no
    // one): wait for such an attempt in the log rather than a fixed time, which a loaded machine may not give.
    await vi.waitFor(async () => {
      expect((await deliveryLog()).some((entry) => entry.statusCode === null)).toBe(true)
    }, WAIT)

    // 3. The receiver comes back on the same port and accepts everything.
    receiver.answer = () => 200
    await receiver.up()
    await vi.waitFor(() => expect(new Set(acceptedIds()).size).toBe(total), WAIT)
    // Anything sent twice would arrive within this time: the retry delays are still short.
    await new Promise((resolve) => setTimeout(resolve, 2_000))

    const accepted = acceptedIds()
    expect(accepted).toHaveLength(total)
    expect(new Set(accepted).size).toBe(total)
    const afterRestart = receiver.received.filter((r) => r.at >= restartedAt).map(deliveryId)
    expect(afterRestart.filter((id) => deliveredBeforeRestart.has(id))).toEqual([])

    const alerts = receiver.received
      .filter((r) => r.status < 300)
      .map((r) => {
        const body = JSON.parse(r.body) as { id: string; type: string; data: { id: string } }
        expect(body.id).toBe(deliveryId(r))
        expect(r.headers['x-heed-event']).toBe(body.type)
        return `${body.type} ${body.data.id}`
      })
    expect(alerts.sort()).toEqual(expectedAlerts([...first, ...second]).sort())
    const forged = receiver.received.filter((r) => !signatureIsValid(secret, r))
    expect(forged).toEqual([])
    // The outage is in the log: refusals, unreachable attempts, then deliveries.
    expect(receiver.received.some((r) => r.status === 500)).toBe(true)

    const log = await deliveryLog()
    expect(log.filter((entry) => entry.statusCode === 200)).toHaveLength(total)
    expect(log.some((entry) => entry.statusCode === null && entry.error === 'connection failed')).toBe(true)
    expect(log.every((entry) => entry.eventStatus === 'delivered')).toBe(true)
  })
})
