import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type ErrorJson,
  fieldsOf,
  jsonOf,
  post,
  seedProject,
  type TestProject,
  testApp,
} from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { developmentDestinations, offlineResolver } from '../../../test-support/webhook-destinations'
import { startWebhookReceiver } from '../../../test-support/webhook-receiver'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'
import { allowListOf } from '../../webhooks/allow-list'
import { destinationPolicy } from '../../webhooks/destination-policy'
import { startWebhookDispatcher } from '../../webhooks/dispatcher'

interface WebhookJson {
  id: string
  url: string
  events: string[]
  format: 'json' | 'slack'
  active: boolean
  secretHint: string
  createdAt: string
  updatedAt: string
}

interface OutboxRow {
  webhook_id: string
  event_type: string
  response_id: string | null
  payload: string
}

describe.each(dialectCases())('webhooks admin API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  const admin = (key = acme.secretKey) => ({ authorization: `Bearer ${key}` })
  const create = (body: unknown, key = acme.secretKey) =>
    app.request('/admin/v1/webhooks', post(body, admin(key)))
  const patch = (id: string, body: unknown, key = acme.secretKey) =>
    app.request(`/admin/v1/webhooks/${id}`, { ...post(body, admin(key)), method: 'PATCH' })
  const createOk = async (body: Record<string, unknown>) => {
    const res = await create({ url: 'https://hooks.example.com/heed', ...body })
    expect(res.status, await res.clone().text()).toBe(201)
    return jsonOf<{ webhook: WebhookJson; secret: string }>(res)
  }
  const answer = (id: string, body: Record<string, unknown>, project = acme) =>
    app.request(
      `/ingest/v1/responses?key=${project.project.publicKey}`,
      post({ surveyId: project.surveys.nps, anonymousId: 'anon_webhooks', ...body, id }),
    )
  const outboxOf = (webhookId: string) =>
    database.db
      .selectFrom('webhook_outbox')
      .select(['webhook_id', 'event_type', 'response_id', 'payload'])
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at')
      .orderBy('event_type', 'desc')
      .execute() as Promise<OutboxRow[]>

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
  })
  afterAll(() => database.close())

  it('creates a webhook and shows its secret once; lists and reads it without the secret', async () => {
    const res = await create({
      url: 'https://hooks.example.com/heed',
      events: ['detractor.created', 'detractor.created'],
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { webhook, secret } = await jsonOf<{ webhook: WebhookJson; secret: string }>(res)
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/)
    expect(webhook).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: 'https://hooks.example.com/heed',
      events: ['detractor.created'],
      format: 'json',
      active: true,
      secretHint: secret.slice(-4),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const listed = await jsonOf<{ webhooks: WebhookJson[] }>(
      await app.request('/admin/v1/webhooks', { headers: admin() }),
    )
    expect(listed.webhooks).toContainEqual(webhook)
    const read = await app.request(`/admin/v1/webhooks/${webhook.id}`, { headers: admin() })
    expect(await read.json()).toEqual({ webhook })
    expect(JSON.stringify(listed)).not.toContain(secret)
  })

  it('refuses URLs that cannot or must not be posted to, and unknown events, naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ url: 'ftp://hooks.example.com', events: ['response.created'] }, 'url'],
      [{ url: 'hooks.example.com/heed', events: ['response.created'] }, 'url'],
      [{ url: 'http://hooks.example.com/heed', events: ['response.created'] }, 'url'],
      [{ url: 'https://user:pass@hooks.example.com', events: ['response.created'] }, 'url'],
      [{ url: 'https://hooks.example.com/#x', events: ['response.created'] }, 'url'],
      [{ url: `https://hooks.example.com/${'a'.repeat(2_000)}`, events: ['response.created'] }, 'url'],
      [{ url: 'https://hooks.example.com', events: [] }, 'events'],
      [{ url: 'https://hooks.example.com', events: ['response.deleted'] }, 'events.0'],
      [{ url: 'https://hooks.example.com', events: ['response.created'], format: 'xml' }, 'format'],
      [{ url: 'https://hooks.example.com', events: ['response.created'], secret: 'mine' }, 'secret'],
    ]
    for (const [body, field] of cases) {
      const res = await create(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(await fieldsOf(res), JSON.stringify(body)).toContain(field)
    }
    const plain = await jsonOf<ErrorJson>(
      await create({ url: 'http://hooks.example.com', events: ['response.created'] }),
    )
    expect(plain.error.message).toBe(
      'url: must use https:// (plain http:// only for a receiver that HEED_WEBHOOK_ALLOW_HOSTS lists)',
    )
  })

  describe('where a webhook may point', () => {
    /** An app with the given rule; its resolver knows only these names and asks no one else. */
    const appWith = (rule: 'production' | 'development', allow: string[] = []) => {
      const resolve = offlineResolver({
        'hooks.loopback.test': ['127.0.0.1'],
        'hooks.loopback6.test': ['::1'],
        'hooks.private.test': ['10.20.30.40'],
        'hooks.metadata.test': ['169.254.169.254'],
        // One public address and one internal one: the internal one decides.
        'hooks.mixed.test': ['93.184.215.14', '192.168.0.10'],
        'hooks.public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
        'hooks.internal.test': ['10.1.2.3'],
      })
      const list = allowListOf(allow)
      if ('problem' in list) throw new Error(list.problem)
      const production = rule === 'production'
      return testApp(database, {
        webhookDestinations: destinationPolicy({ production, allow: list.list, resolve }),
      })
    }
    const createIn = (target: ReturnType<typeof testApp>, url: string) =>
      target.request('/admin/v1/webhooks', post({ url, events: ['response.created'] }, admin()))
    const webhookCount = async () => (await database.db.selectFrom('webhooks').select('id').execute()).length

    /** Refused in production, however the address is written, and names that resolve to such addresses. */
    const INTERNAL = [
      'http://127.0.0.1/in',
      'http://127.1/in',
      'http://2130706433/in',
      'http://0x7f000001/in',
      'http://0177.0.0.1/in',
      'http://localhost/in',
      'https://127.0.0.1/in',
      'https://127.1:8443/in',
      'https://2130706433/in',
      'https://0x7f000001/in',
      'https://0x7f.0.0.1/in',
      'https://localhost/in',
      'https://LOCALHOST./in',
      'https://hooks.localhost/in',
      'https://[::1]/in',
      'https://[::ffff:127.0.0.1]/in',
      'https://[::ffff:7f00:1]/in',
      'https://0.0.0.0/in',
      'https://0/in',
      'https://[::]/in',
      'https://10.0.0.1/in',
      'https://172.16.5.4/in',
      'https://192.168.1.1/in',
      'https://[::ffff:192.168.1.1]/in',
      'https://100.64.0.1/in',
      'https://169.254.169.254/latest/meta-data',
      'https://2852039166/latest/meta-data',
      'https://[::ffff:169.254.169.254]/in',
      'https://[fe80::1]/in',
      'https://[fc00::1]/in',
      'https://[fd12:3456::1]/in',
      'https://224.0.0.1/in',
      'https://[ff02::1]/in',
      'https://255.255.255.255/in',
      'https://hooks.loopback.test/in',
      'https://hooks.loopback6.test/in',
      'https://hooks.private.test/in',
      'https://hooks.metadata.test/in',
      'https://hooks.mixed.test/in',
    ]

    it('refuses in production every loopback, private, link-local and other internal destination, naming url and changing nothing', async () => {
      const production = appWith('production')
      const { webhook } = await createOk({ events: ['response.created'] })
      const before = await webhookCount()
      for (const url of INTERNAL) {
        const res = await createIn(production, url)
        expect(res.status, url).toBe(400)
        expect(await fieldsOf(res), url).toEqual(['url'])
        const changed = await production.request(`/admin/v1/webhooks/${webhook.id}`, {
          ...post({ url, active: false }, admin()),
          method: 'PATCH',
        })
        expect(changed.status, url).toBe(400)
        expect(await fieldsOf(changed), url).toEqual(['url'])
      }
      expect(await webhookCount()).toBe(before)
      const read = await production.request(`/admin/v1/webhooks/${webhook.id}`, { headers: admin() })
      expect((await jsonOf<{ webhook: WebhookJson }>(read)).webhook).toEqual(webhook)

      const loopback = await jsonOf<ErrorJson>(await createIn(production, 'https://127.1/in'))
      expect(loopback.error.message).toBe(
        'url: is a loopback address: in production, webhooks are sent only to public hosts unless HEED_WEBHOOK_ALLOW_HOSTS lists the receiver',
      )
      const resolved = await jsonOf<ErrorJson>(await createIn(production, 'https://hooks.private.test/in'))
      expect(resolved.error.message).toMatch(/^url: resolves to a private \(RFC 1918\) address: /)
      const metadata = await jsonOf<ErrorJson>(await createIn(production, 'https://hooks.metadata.test/'))
      expect(metadata.error.message).toBe(
        'url: resolves to a cloud metadata service address: webhooks are never sent to link-local or cloud metadata addresses',
      )
    })

    it('accepts in production public hosts, and names that do not resolve yet (delivery checks again)', async () => {
      const production = appWith('production')
      for (const url of [
        'https://hooks.public.test/in',
        'https://93.184.215.14/in',
        'https://not-yet.test/in',
      ]) {
        expect((await createIn(production, url)).status, url).toBe(201)
      }
      const plain = await createIn(production, 'http://hooks.public.test/in')
      expect(await fieldsOf(plain)).toEqual(['url'])
    })

    it('accepts in production the internal receivers the allowlist names, over plain http too, but never link-local ones', async () => {
      const allowed = appWith('production', [
        '127.0.0.1',
        'hooks.internal.test',
        '169.254.0.0/16',
        'fe80::/10',
      ])
      for (const url of ['http://127.0.0.1:8080/in', 'http://127.1/in', 'http://hooks.internal.test/in']) {
        expect((await createIn(allowed, url)).status, url).toBe(201)
      }
      for (const url of [
        'http://127.0.0.2/in',
        'https://localhost/in',
        'https://hooks.private.test/in',
        'http://169.254.169.254/latest/meta-data',
        'https://[fe80::1]/in',
      ]) {
        expect(await fieldsOf(await createIn(allowed, url)), url).toEqual(['url'])
      }
    })

    it('accepts loopback and private receivers outside production, but never link-local or metadata ones', async () => {
      const development = appWith('development')
      for (const url of [
        'http://127.0.0.1:8080/in',
        'http://localhost/in',
        'http://[::1]:9/in',
        'http://receiver.internal/heed',
        'http://hooks.private.test/in',
        'http://10.0.0.1/in',
      ]) {
        expect((await createIn(development, url)).status, url).toBe(201)
      }
      for (const url of [
        'http://169.254.169.254/latest/meta-data',
        'http://2852039166/latest/meta-data',
        'http://0xa9fea9fe/latest/meta-data',
        'http://[::ffff:169.254.169.254]/',
        'http://[fe80::1]/in',
        'http://169.254.10.1/in',
        'http://100.100.100.200/latest/meta-data',
        'http://[fd00:ec2::254]/latest/meta-data',
        'https://hooks.metadata.test/in',
      ]) {
        const res = await createIn(development, url)
        expect(res.status, url).toBe(400)
        expect(await fieldsOf(res), url).toEqual(['url'])
      }
    })
  })

  it('changes URL, events, format and activity, and refuses an empty or invalid change', async () => {
    const { webhook } = await createOk({ events: ['response.created'] })
    const res = await patch(webhook.id, {
      url: 'https://hooks.example.com/v2',
      events: ['case.updated'],
      format: 'slack',
      active: false,
    })
    expect(res.status).toBe(200)
    expect((await jsonOf<{ webhook: WebhookJson }>(res)).webhook).toMatchObject({
      url: 'https://hooks.example.com/v2',
      events: ['case.updated'],
      format: 'slack',
      active: false,
      secretHint: webhook.secretHint,
    })
    expect(await fieldsOf(await patch(webhook.id, {}))).toEqual(['body'])
    expect(await fieldsOf(await patch(webhook.id, { url: 'http://example.com' }))).toEqual(['url'])
    expect(await fieldsOf(await patch(webhook.id, { active: 'yes' }))).toEqual(['active'])
  })

  it('queues response.created and detractor.created with the answer, only for active subscribed webhooks', async () => {
    const project = await seedProject(database, 'Queue')
    const createIn = async (body: Record<string, unknown>) => {
      const res = await create({ url: 'https://hooks.example.com/heed', ...body }, project.secretKey)
      return (await jsonOf<{ webhook: WebhookJson }>(res)).webhook
    }
    const all = await createIn({ events: ['response.created', 'detractor.created'] })
    const detractors = await createIn({ events: ['detractor.created'] })
    const paused = await createIn({ events: ['response.created', 'detractor.created'] })
    await patch(paused.id, { active: false }, project.secretKey)

    expect((await answer('resp_promoter', { score: 9, userId: 'ana' }, project)).status).toBe(201)
    expect((await answer('resp_detractor', { score: 3 }, project)).status).toBe(201)
    // The comment that follows a score, and a retry, change the response but raise nothing new.
    await answer('resp_detractor', { comment: 'Exports are slow' }, project)
    await answer('resp_detractor', { score: 3 }, project)
    // A score that leaves the detractor range and comes back is a new detractor.
    await answer('resp_detractor', { score: 8 }, project)
    await answer('resp_detractor', { score: 2 }, project)

    const events = (rows: OutboxRow[]) => rows.map((row) => `${row.response_id} ${row.event_type}`).sort()
    expect(events(await outboxOf(all.id))).toEqual([
      'resp_detractor detractor.created',
      'resp_detractor detractor.created',
      'resp_detractor response.created',
      'resp_promoter response.created',
    ])
    expect(events(await outboxOf(detractors.id))).toEqual([
      'resp_detractor detractor.created',
      'resp_detractor detractor.created',
    ])
    expect(await outboxOf(paused.id)).toEqual([])

    const promoter = (await outboxOf(all.id)).find((row) => row.response_id === 'resp_promoter')
    expect(JSON.parse(promoter?.payload ?? '')).toEqual({
      id: 'resp_promoter',
      surveyId: project.surveys.nps,
      kind: 'nps',
      score: 9,
      bucket: 'promoter',
      comment: null,
      personId: 'ana',
      accountId: null,
      createdAt: expect.any(String),
    })
    const lastDetractor = (await outboxOf(detractors.id)).at(-1)
    expect(JSON.parse(lastDetractor?.payload ?? '')).toMatchObject({ score: 2, comment: 'Exports are slow' })
  })

  it('queues nothing for an answer without a score, and response.created once the score comes', async () => {
    const project = await seedProject(database, 'Late score')
    const res = await create(
      { url: 'https://hooks.example.com/heed', events: ['response.created'] },
      project.secretKey,
    )
    const { webhook } = await jsonOf<{ webhook: WebhookJson }>(res)
    await answer('resp_comment_first', { comment: 'Hello' }, project)
    expect(await outboxOf(webhook.id)).toEqual([])
    await answer('resp_comment_first', { score: 10 }, project)
    expect((await outboxOf(webhook.id)).map((row) => row.event_type)).toEqual(['response.created'])
  })

  it('queues a test event for one webhook, refuses a paused one, and does not know other ids', async () => {
    const { webhook } = await createOk({ events: ['case.updated'] })
    const res = await app.request(`/admin/v1/webhooks/${webhook.id}/test`, {
      method: 'POST',
      headers: admin(),
    })
    expect(res.status).toBe(202)
    const { eventId } = await jsonOf<{ eventId: string }>(res)
    const [queued] = await outboxOf(webhook.id)
    expect(queued).toMatchObject({ event_type: 'webhook.test', response_id: null })
    expect(eventId).toMatch(/^evt_/)

    await patch(webhook.id, { active: false })
    const paused = await app.request(`/admin/v1/webhooks/${webhook.id}/test`, {
      method: 'POST',
      headers: admin(),
    })
    expect(paused.status).toBe(409)
    expect(await fieldsOf(paused)).toEqual(['active'])
    const unknown = await app.request('/admin/v1/webhooks/wh_nope/test', { method: 'POST', headers: admin() })
    expect(unknown.status).toBe(404)
  })

  it("answers 404 to another project's key for every webhook route, and changes nothing", async () => {
    const { webhook } = await createOk({ events: ['response.created'] })
    const before = await database.db.selectFrom('webhooks').selectAll().where('id', '=', webhook.id).execute()
    const otherKey = admin(other.secretKey)
    const calls: Array<[string, RequestInit]> = [
      [`/admin/v1/webhooks/${webhook.id}`, { headers: otherKey }],
      [`/admin/v1/webhooks/${webhook.id}`, { ...post({ active: false }, otherKey), method: 'PATCH' }],
      [`/admin/v1/webhooks/${webhook.id}`, { method: 'DELETE', headers: otherKey }],
      [`/admin/v1/webhooks/${webhook.id}/deliveries`, { headers: otherKey }],
      [`/admin/v1/webhooks/${webhook.id}/test`, { method: 'POST', headers: otherKey }],
    ]
    for (const [path, init] of calls) {
      const res = await app.request(path, init)
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(404)
    }
    const listed = await app.request('/admin/v1/webhooks', { headers: otherKey })
    expect(await listed.json()).toEqual({ webhooks: [] })
    expect(
      await database.db.selectFrom('webhooks').selectAll().where('id', '=', webhook.id).execute(),
    ).toEqual(before)
    expect(await outboxOf(webhook.id)).toEqual([])
  })

  it('deletes a webhook with its queued events', async () => {
    const { webhook } = await createOk({ events: ['response.created'] })
    await answer('resp_before_delete', { score: 7 })
    expect(await outboxOf(webhook.id)).toHaveLength(1)
    const res = await app.request(`/admin/v1/webhooks/${webhook.id}`, { method: 'DELETE', headers: admin() })
    expect(res.status).toBe(200)
    expect((await jsonOf<{ webhook: WebhookJson }>(res)).webhook.id).toBe(webhook.id)
    expect(await outboxOf(webhook.id)).toEqual([])
    const again = await app.request(`/admin/v1/webhooks/${webhook.id}`, {
      method: 'DELETE',
      headers: admin(),
    })
    expect(again.status).toBe(404)
  })

  it("erases the queued events about a person's answers with the person", async () => {
    const { webhook } = await createOk({ events: ['response.created', 'detractor.created'] })
    await answer('resp_of_erased', { score: 1, userId: 'erase-me', anonymousId: 'anon_erase_me' })
    await answer('resp_of_kept', { score: 1, userId: 'keep-me', anonymousId: 'anon_keep_me' })
    expect(await outboxOf(webhook.id)).toHaveLength(4)
    const erased = await app.request('/admin/v1/persons/erase-me', { method: 'DELETE', headers: admin() })
    expect(erased.status).toBe(200)
    expect((await outboxOf(webhook.id)).map((row) => row.response_id)).toEqual([
      'resp_of_kept',
      'resp_of_kept',
    ])
  })

  it('shows every delivery attempt in the log, newest first, a page at a time', async () => {
    const receiver = await startWebhookReceiver((_request, earlier) => (earlier === 0 ? 503 : 202))
    // The receiver is on this machine, where only the rule outside production sends.
    const development = testApp(database, { webhookDestinations: developmentDestinations() })
    // Only this test's events are sent: the others' are addressed to receivers that do not exist.
    await database.db.deleteFrom('webhook_outbox').execute()
    const project = await seedProject(database, 'Logged')
    const dispatcher = startWebhookDispatcher({
      database,
      logger: createLogger('silent'),
      backoff: { baseMs: 20, capMs: 100, maxAttempts: 5 },
      pollIntervalMs: 50,
      destinations: developmentDestinations(),
    })
    try {
      const created = await development.request(
        '/admin/v1/webhooks',
        post({ url: receiver.url, events: ['detractor.created'] }, admin(project.secretKey)),
      )
      const { webhook } = await jsonOf<{ webhook: WebhookJson }>(created)
      await answer('resp_logged', { score: 0 }, project)
      const path = `/admin/v1/webhooks/${webhook.id}/deliveries`
      const page = async (query: string) =>
        jsonOf<{ deliveries: Record<string, unknown>[]; nextCursor: string | null }>(
          await app.request(`${path}${query}`, { headers: admin(project.secretKey) }),
        )
      await vi.waitFor(async () => expect((await page('')).deliveries).toHaveLength(2), {
        timeout: 10_000,
        interval: 20,
      })
      const first = await page('?limit=1')
      const eventId = receiver.received[0]?.headers['x-heed-delivery']
      expect(first.deliveries).toEqual([
        {
          id: expect.stringMatching(/^dlv_/),
          eventId,
          eventType: 'detractor.created',
          attempt: 2,
          statusCode: 202,
          error: null,
          durationMs: expect.any(Number),
          at: expect.any(String),
          eventStatus: 'delivered',
        },
      ])
      const second = await page(`?limit=1&cursor=${first.nextCursor}`)
      expect(second.deliveries).toMatchObject([
        {
          eventId,
          attempt: 1,
          statusCode: 503,
          // Not the receiver's answer ("receiver says no"): the log would read internal pages.
          error: 'HTTP 503',
          eventStatus: 'delivered',
        },
      ])
      expect(second.nextCursor).toBeNull()
    } finally {
      await dispatcher.stop()
      await receiver.close()
    }
  })

  it('sends a dead or delivered event again on request, and refuses one still queued, a paused webhook and unknown ids', async () => {
    // The receiver is down for the first two attempts, longer than this schedule's retries last.
    const receiver = await startWebhookReceiver((_request, earlier) => (earlier < 2 ? 503 : 202))
    const development = testApp(database, { webhookDestinations: developmentDestinations() })
    await database.db.deleteFrom('webhook_outbox').execute()
    const project = await seedProject(database, 'Redelivered')
    const key = admin(project.secretKey)
    const start = () =>
      startWebhookDispatcher({
        database,
        logger: createLogger('silent'),
        backoff: { baseMs: 20, capMs: 100, maxAttempts: 2 },
        pollIntervalMs: 50,
        destinations: developmentDestinations(),
      })
    let dispatcher = start()
    try {
      const created = await development.request(
        '/admin/v1/webhooks',
        post({ url: receiver.url, events: ['detractor.created'] }, key),
      )
      const { webhook } = await jsonOf<{ webhook: WebhookJson }>(created)
      await answer('resp_redelivered', { score: 0 }, project)
      const stateOf = async () =>
        database.db
          .selectFrom('webhook_outbox')
          .select(['id', 'attempts', 'delivered_at', 'dead_at', 'next_attempt_at'])
          .where('webhook_id', '=', webhook.id)
          .executeTakeFirstOrThrow()
      const wait = { timeout: 10_000, interval: 20 }
      await vi.waitFor(async () => expect((await stateOf()).dead_at).not.toBeNull(), wait)
      const { id: eventId } = await stateOf()
      const redeliver = (id = eventId, webhookId = webhook.id) =>
        app.request(`/admin/v1/webhooks/${webhookId}/events/${id}/redeliver`, {
          method: 'POST',
          headers: key,
        })

      const res = await redeliver()
      expect(res.status).toBe(202)
      expect(await res.json()).toEqual({ eventId })
      await vi.waitFor(async () => expect((await stateOf()).delivered_at).not.toBeNull(), wait)
      expect(await stateOf()).toMatchObject({ attempts: 1, dead_at: null, next_attempt_at: null })
      expect(receiver.received.map((r) => [r.headers['x-heed-delivery'], r.status])).toEqual([
        [eventId, 503],
        [eventId, 503],
        [eventId, 202],
      ])

      // A delivered event is sent again too, under the same delivery id.
      expect((await redeliver()).status).toBe(202)
      await vi.waitFor(() => expect(receiver.received).toHaveLength(4), wait)
      await vi.waitFor(async () => expect((await stateOf()).delivered_at).not.toBeNull(), wait)

      // With no dispatcher running, a second request finds the event still queued.
      await dispatcher.stop()
      expect((await redeliver()).status).toBe(202)
      const queued = await redeliver()
      expect(queued.status).toBe(409)
      expect(await fieldsOf(queued)).toEqual(['eventId'])

      await patch(webhook.id, { active: false }, project.secretKey)
      const paused = await redeliver()
      expect(paused.status).toBe(409)
      expect(await fieldsOf(paused)).toEqual(['active'])
      await patch(webhook.id, { active: true }, project.secretKey)

      const unknownEvent = await redeliver('evt_nope')
      expect(unknownEvent.status).toBe(404)
      expect(((await unknownEvent.json()) as ErrorJson).error.message).toBe('event not found')
      expect((await redeliver(eventId, 'wh_nope')).status).toBe(404)
      // Another project's key knows neither.
      const foreign = await app.request(`/admin/v1/webhooks/${webhook.id}/events/${eventId}/redeliver`, {
        method: 'POST',
        headers: admin(other.secretKey),
      })
      expect(foreign.status).toBe(404)
      dispatcher = start()
      await vi.waitFor(() => expect(receiver.received).toHaveLength(5), wait)
    } finally {
      await dispatcher.stop()
      await receiver.close()
    }
  })

  it('refuses a malformed deliveries cursor and an unknown query parameter', async () => {
    const { webhook } = await createOk({ events: ['response.created'] })
    const path = `/admin/v1/webhooks/${webhook.id}/deliveries`
    expect(await fieldsOf(await app.request(`${path}?cursor=nope`, { headers: admin() }))).toEqual(['cursor'])
    expect(await fieldsOf(await app.request(`${path}?limit=0`, { headers: admin() }))).toEqual(['limit'])
    expect((await app.request(`${path}?status=dead`, { headers: admin() })).status).toBe(400)
    const empty = await app.request(path, { headers: admin() })
    expect(await empty.json()).toEqual({ deliveries: [], nextCursor: null })
  })
})
