import { createHash } from 'node:crypto'
import { deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
import type { HeedDatabase } from '../../db/open'

describe.each(dialectCases())('Segment tracking API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
  })
  afterAll(() => database.close())

  const basicAuth = (writeKey: string) => ({
    authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
  })
  /** A call the way Segment's server libraries make it: write key as the Basic-auth user name. */
  const send = (path: string, body: unknown, writeKey = acme.project.publicKey) =>
    app.request(`/v1${path}`, post(body, basicAuth(writeKey)))

  const eventsOf = (projectId: string, anonymousId: string) =>
    database.db
      .selectFrom('events')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('anonymous_id', '=', anonymousId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute()
  const personOf = (projectId: string, id: string) =>
    database.db
      .selectFrom('persons')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst()
  const accountOf = (projectId: string, id: string) =>
    database.db
      .selectFrom('accounts')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst()

  it('stores a track call as a track event and answers like Segment', async () => {
    const timestamp = new Date(Date.now() - 3_600_000).toISOString()
    const res = await send('/track', {
      messageId: 'msg_track_000001',
      anonymousId: 'seg-anon-track',
      userId: 'user-track',
      event: 'Report Exported',
      properties: { format: 'csv', rows: 12 },
      context: { page: { url: 'https://app.acme.test/reports' }, groupId: 'acct-track', ip: '10.0.0.1' },
      integrations: { All: true },
      timestamp,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, refused: [] })
    const [event] = await eventsOf(acme.project.id, 'seg-anon-track')
    expect(event).toMatchObject({
      id: 'msg_track_000001',
      type: 'track',
      name: 'Report Exported',
      person_id: 'user-track',
      account_id: 'acct-track',
      url: 'https://app.acme.test/reports',
      occurred_at: Date.parse(timestamp),
    })
    expect(JSON.parse(event?.properties ?? '')).toEqual({ format: 'csv', rows: 12 })
  })

  it('names a page event by its name, else its path, else "page"', async () => {
    const anonymousId = 'seg-anon-page'
    const start = Date.now() - 60_000
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString()
    await send('/page', {
      anonymousId,
      name: 'Pricing',
      properties: { url: 'https://acme.test/pricing' },
      timestamp: at(1),
    })
    await send('/page', { anonymousId, properties: { path: '/docs/setup' }, timestamp: at(2) })
    await send('/page', {
      anonymousId,
      properties: { url: 'file:///tmp/app.html' },
      originalTimestamp: at(3),
    })
    const events = await eventsOf(acme.project.id, anonymousId)
    expect(events.map((e) => [e.type, e.name, e.url, e.occurred_at])).toEqual([
      ['page', 'Pricing', 'https://acme.test/pricing', start + 1000],
      ['page', '/docs/setup', null, start + 2000],
      // Not an http(s) URL: left out of the url column, kept in the properties.
      ['page', 'page', null, start + 3000],
    ])
  })

  it('gives a message with only a userId an anonymous id derived from it, and ignores null fields', async () => {
    const res = await send('/track', {
      userId: 'user-only',
      anonymousId: null,
      messageId: null,
      event: 'Signed In',
      properties: null,
      context: { page: null },
    })
    expect(res.status).toBe(200)
    const [event] = await eventsOf(acme.project.id, 'user:user-only')
    expect(event).toMatchObject({ person_id: 'user-only', name: 'Signed In', properties: '{}' })
  })

  it('puts identify traits on the person, never on an account, and links the anonymous id', async () => {
    await send('/track', { anonymousId: 'seg-anon-ident', event: 'Visited', messageId: 'msg_ident_before' })
    const res = await send('/identify', {
      userId: 'user-ident',
      anonymousId: 'seg-anon-ident',
      traits: { plan: 'pro', company: { name: 'Initech', id: 'acct-initech' } },
      context: { groupId: 'acct-context', traits: { plan: 'free', role: 'admin' } },
    })
    expect(res.status).toBe(200)
    const person = await personOf(acme.project.id, 'user-ident')
    expect(JSON.parse(person?.traits ?? '')).toEqual({
      plan: 'pro',
      role: 'admin',
      'company.name': 'Initech',
      'company.id': 'acct-initech',
    })
    expect(person?.account_id).toBeNull()
    expect(await accountOf(acme.project.id, 'acct-initech')).toBeUndefined()
    expect(await accountOf(acme.project.id, 'acct-context')).toBeUndefined()
    const [earlier] = await eventsOf(acme.project.id, 'seg-anon-ident')
    expect(earlier?.person_id).toBe('user-ident')
  })

  it('stores group traits on the account and links the user to it', async () => {
    const res = await send('/group', {
      userId: 'user-group',
      groupId: 'acct-group',
      traits: { name: 'Globex', employees: 420 },
    })
    expect(res.status).toBe(200)
    expect(JSON.parse((await accountOf(acme.project.id, 'acct-group'))?.traits ?? '')).toEqual({
      name: 'Globex',
      employees: 420,
    })
    expect((await personOf(acme.project.id, 'user-group'))?.account_id).toBe('acct-group')
  })

  /** 130 track calls (more than one store transaction holds), then the user is identified and grouped. */
  const mixedBatch = (anonymousId: string, withMessageIds: boolean) => {
    const tracks: Record<string, unknown>[] = Array.from({ length: 130 }, (_, i) => ({
      type: 'track',
      event: 'Row Viewed',
      anonymousId,
      properties: { row: i },
      timestamp: new Date(Date.now() - 1000 * (200 - i)).toISOString(),
      ...(withMessageIds && { messageId: `${anonymousId}-${i}` }),
    }))
    const userId = `${anonymousId}-user`
    return {
      batch: [
        ...tracks,
        { type: 'identify', userId, anonymousId, traits: { plan: 'team' } },
        { type: 'group', userId, anonymousId, groupId: `${anonymousId}-acct` },
      ],
      context: { page: { url: 'https://app.acme.test/table' } },
    }
  }

  it.each([
    ['with', true],
    ['without', false],
  ])('stores a retried batch once, %s messageIds', async (_label, withMessageIds) => {
    const anonymousId = withMessageIds ? 'seg-batch-ids' : 'seg-batch-noids'
    const body = mixedBatch(anonymousId, withMessageIds)
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await send('/batch', { ...body, sentAt: new Date().toISOString() })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ success: true, refused: [] })
    }
    const events = await eventsOf(acme.project.id, anonymousId)
    expect(events).toHaveLength(130)
    expect(new Set(events.map((e) => e.person_id))).toEqual(new Set([`${anonymousId}-user`]))
    expect(new Set(events.map((e) => e.url))).toEqual(new Set(['https://app.acme.test/table']))
    expect((await personOf(acme.project.id, `${anonymousId}-user`))?.account_id).toBe(`${anonymousId}-acct`)
  })

  it('stores a message sent twice in one batch without a messageId once', async () => {
    const message = {
      type: 'track',
      event: 'Clicked',
      anonymousId: 'seg-twice',
      timestamp: '2020-01-01T00:00:00Z',
    }
    expect((await send('/batch', { batch: [message, message] })).status).toBe(200)
    expect(await eventsOf(acme.project.id, 'seg-twice')).toHaveLength(1)
  })

  it('keeps a messageId that is a valid client id and hashes any other', async () => {
    const messageId = 'ajs-next 1700000000000/a.b'
    await send('/track', { anonymousId: 'seg-anon-msgid', event: 'Odd Id', messageId })
    const [event] = await eventsOf(acme.project.id, 'seg-anon-msgid')
    expect(event?.id).toBe(`seg_${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`)
  })

  it('accepts the write key as writeKey in the body', async () => {
    const res = await app.request(
      '/v1/track',
      post({ writeKey: acme.project.publicKey, anonymousId: 'seg-anon-body-key', event: 'Keyed' }),
    )
    expect(res.status).toBe(200)
    expect(await eventsOf(acme.project.id, 'seg-anon-body-key')).toHaveLength(1)
    const batch = await app.request(
      '/v1/batch',
      post({
        writeKey: acme.project.publicKey,
        batch: [{ type: 'track', anonymousId: 'seg-anon-body-batch', event: 'Keyed' }],
      }),
    )
    expect(batch.status).toBe(200)
    expect(await eventsOf(acme.project.id, 'seg-anon-body-batch')).toHaveLength(1)
  })

  it('refuses a missing or unknown write key with 401 JSON', async () => {
    const track = { anonymousId: 'seg-anon-401', event: 'Nope' }
    const statuses = [
      await send('/track', track, 'pk_unknown'),
      await app.request('/v1/track', post({ ...track, writeKey: 'pk_unknown' })),
      await app.request('/v1/track', post(track)),
      await app.request('/v1/batch', post('not json')),
    ]
    for (const res of statuses) {
      expect(res.status).toBe(401)
      expect((await jsonOf<ErrorJson>(res)).error.code).toBe('unauthorized')
    }
    expect(await eventsOf(acme.project.id, 'seg-anon-401')).toHaveLength(0)
  })

  it.each([
    ['a track without event', '/track', { anonymousId: 'seg-bad' }, 'event'],
    ['a message without userId or anonymousId', '/track', { event: 'Orphan' }, 'userId'],
    ['an identify without userId or anonymousId', '/identify', { traits: { plan: 'pro' } }, 'userId'],
    ['an alias without previousId', '/alias', { userId: 'user-bad' }, 'previousId'],
    ['a group without groupId', '/group', { userId: 'user-bad' }, 'groupId'],
    [
      'a timestamp without a zone',
      '/track',
      { anonymousId: 'seg-bad', event: 'E', timestamp: '2024-05-01T12:00:00' },
      'timestamp',
    ],
    ['a body that is not an object', '/page', [], 'body'],
  ])(
    'refuses %s with 400 naming the field, and keeps the refusal for admins',
    async (_label, path, body, field) => {
      const res = await send(path, body)
      expect(res.status).toBe(400)
      expect(await fieldsOf(res)).toContain(field)
      if (Array.isArray(body)) return
      const errors = await app.request('/admin/v1/ingest/errors?limit=1', {
        headers: { authorization: `Bearer ${acme.secretKey}` },
      })
      expect((await jsonOf<{ errors: unknown[] }>(errors)).errors).toEqual([
        expect.objectContaining({ route: `/v1${path}`, index: null, field }),
      ])
    },
  )

  it('keeps the valid messages of a batch and reports each refused one by index, for admins too', async () => {
    const good = { type: 'track', anonymousId: 'seg-bad-batch', event: 'Fine' }
    const res = await send('/batch', {
      batch: [
        { ...good, messageId: 'msg_partial_0001' },
        { ...good, event: '', messageId: 'msg_partial_0002' },
        { ...good, messageId: 'msg_partial_0003' },
        { ...good, type: 'launch' },
        { ...good, messageId: 'msg_partial_0005', context: { pad: 'y'.repeat(33_000) } },
        'not a message',
      ],
    })
    expect(res.status).toBe(200)
    const { refused } = await jsonOf<{ refused: Array<{ index: number; field: string }> }>(res)
    expect(refused.map(({ index, field }) => [index, field])).toEqual([
      [1, 'event'],
      [3, 'type'],
      [4, 'message'],
      [5, 'message'],
    ])
    const stored = await eventsOf(acme.project.id, 'seg-bad-batch')
    expect(stored.map((event) => event.id).sort()).toEqual(['msg_partial_0001', 'msg_partial_0003'])
    const errors = await app.request('/admin/v1/ingest/errors', {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    expect(errors.status).toBe(200)
    const listed = (await jsonOf<{ errors: Array<Record<string, unknown>> }>(errors)).errors
    expect(listed.slice(0, 4)).toMatchObject([
      { route: '/v1/batch', index: 1, messageId: 'msg_partial_0002', type: 'track', field: 'event' },
      { route: '/v1/batch', index: 3, type: 'launch', field: 'type' },
      { route: '/v1/batch', index: 4, messageId: 'msg_partial_0005', field: 'message' },
      { route: '/v1/batch', index: 5, messageId: null, type: null, field: 'message' },
    ])
    expect(String(listed[2]?.reason)).toContain('32 KB')
  })

  it('still refuses a whole request that is not JSON or not a batch', async () => {
    const malformed = await app.request('/v1/batch', {
      method: 'POST',
      headers: { ...basicAuth(acme.project.publicKey), 'content-type': 'application/json' },
      body: '{"batch": [',
    })
    expect(malformed.status).toBe(400)
    expect((await jsonOf<ErrorJson>(malformed)).error.code).toBe('invalid_json')
    const notBatch = await send('/batch', { batch: 'nope' })
    expect(notBatch.status).toBe(400)
    expect(await fieldsOf(notBatch)).toEqual(['batch'])
  })

  it('accepts what Segment accepts: large properties, long strings and names, deep nesting, many and list traits', async () => {
    const deep = { a: { b: { c: { d: { e: 'deep' } } } } }
    const res = await send('/batch', {
      batch: [
        {
          type: 'track',
          anonymousId: 'seg-generous',
          messageId: 'msg_generous_001',
          event: 'E'.repeat(300),
          properties: { blob: 'x'.repeat(20_000), deep, list: Array.from({ length: 80 }, (_, i) => i) },
        },
        {
          type: 'identify',
          userId: 'user-generous',
          traits: {
            ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`trait${i}`, i])),
            roles: ['admin', 'billing'],
            bio: 'b'.repeat(1_500),
          },
        },
      ],
    })
    expect(res.status).toBe(200)
    expect((await jsonOf<{ refused: unknown[] }>(res)).refused).toEqual([])
    const [event] = await eventsOf(acme.project.id, 'seg-generous')
    expect(event?.name).toBe('E'.repeat(300))
    expect(JSON.parse(event?.properties ?? '').deep).toEqual(deep)
    const traits = JSON.parse((await personOf(acme.project.id, 'user-generous'))?.traits ?? '')
    expect(Object.keys(traits)).toHaveLength(62)
    expect(traits.roles).toEqual(['admin', 'billing'])
  })

  it('stores screen calls as events, on /v1/screen and in batches', async () => {
    await send('/screen', { anonymousId: 'seg-screen', name: 'Settings', messageId: 'msg_screen_0001' })
    await send('/batch', {
      batch: [
        {
          type: 'screen',
          anonymousId: 'seg-screen',
          properties: { name: 'Inbox' },
          messageId: 'msg_screen_0002',
        },
      ],
    })
    const events = await eventsOf(acme.project.id, 'seg-screen')
    expect(events.map((event) => [event.id, event.type, event.name])).toEqual(
      expect.arrayContaining([
        ['msg_screen_0001', 'screen', 'Settings'],
        ['msg_screen_0002', 'screen', 'Inbox'],
      ]),
    )
  })

  it("links an alias previousId to the userId: its events become the person's", async () => {
    await send('/track', { anonymousId: 'seg-alias-prev', event: 'Browsed', messageId: 'msg_alias_00001' })
    const res = await send('/alias', { previousId: 'seg-alias-prev', userId: 'user-alias' })
    expect(res.status).toBe(200)
    const [event] = await eventsOf(acme.project.id, 'seg-alias-prev')
    expect(event?.person_id).toBe('user-alias')
    await send('/track', { anonymousId: 'seg-alias-prev', event: 'Later', messageId: 'msg_alias_00002' })
    const later = await eventsOf(acme.project.id, 'seg-alias-prev')
    expect(later.map((e) => e.person_id)).toEqual(['user-alias', 'user-alias'])
  })

  it('keeps traits of anonymous identify and group calls and merges them into the person on identify', async () => {
    const anonymousId = 'seg-anon-traits'
    await send('/identify', { anonymousId, traits: { plan: 'trial', source: 'ad' } })
    await send('/group', { anonymousId, groupId: 'acct-anon', traits: { name: 'Anon Corp' } })
    expect(await personOf(acme.project.id, 'user-anon-traits')).toBeUndefined()
    expect(JSON.parse((await accountOf(acme.project.id, 'acct-anon'))?.traits ?? '')).toEqual({
      name: 'Anon Corp',
    })
    await send('/identify', { anonymousId, userId: 'user-anon-traits', traits: { plan: 'pro' } })
    const person = await personOf(acme.project.id, 'user-anon-traits')
    expect(JSON.parse(person?.traits ?? '')).toEqual({ plan: 'pro', source: 'ad' })
    expect(person?.account_id).toBe('acct-anon')
    // Once identified, an anonymous call's traits go to the person straight away.
    await send('/identify', { anonymousId, traits: { seats: 5 } })
    const after = await personOf(acme.project.id, 'user-anon-traits')
    expect(JSON.parse(after?.traits ?? '')).toEqual({ plan: 'pro', source: 'ad', seats: 5 })
  })

  it('corrects client clock skew by sentAt, and keeps explicit backfilled timestamps as given', async () => {
    const skew = 2 * 60_000
    const before = Date.now()
    const fastNow = () => new Date(Date.now() + skew).toISOString()
    const backfill = '2021-06-15T08:30:00.000Z'
    await send('/batch', {
      batch: [
        // RudderStack's way: originalTimestamp and sentAt on the message.
        {
          type: 'track',
          anonymousId: 'seg-skew',
          event: 'Rudder',
          originalTimestamp: fastNow(),
          sentAt: fastNow(),
        },
        // Segment's way: the library's timestamp, and sentAt on the batch.
        { type: 'track', anonymousId: 'seg-skew', event: 'Segment', timestamp: fastNow() },
      ],
      sentAt: fastNow(),
    })
    const after = Date.now()
    const events = await eventsOf(acme.project.id, 'seg-skew')
    const byName = new Map(events.map((event) => [event.name, Number(event.occurred_at)]))
    for (const name of ['Rudder', 'Segment']) {
      expect(byName.get(name)).toBeGreaterThanOrEqual(before)
      expect(byName.get(name)).toBeLessThanOrEqual(after)
    }
    // Without sentAt (an import through the HTTP API) a timestamp years back is stored as given.
    await send('/batch', {
      batch: [{ type: 'track', anonymousId: 'seg-skew-exact', event: 'Old', timestamp: backfill }],
    })
    await send('/track', { anonymousId: 'seg-skew-exact', event: 'Exact', timestamp: backfill })
    const exact = await eventsOf(acme.project.id, 'seg-skew-exact')
    expect(exact.map((event) => Number(event.occurred_at))).toEqual([
      Date.parse(backfill),
      Date.parse(backfill),
    ])
  })

  it('stores context fields and filters events by them', async () => {
    const context = {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
      locale: 'de-DE',
      library: { name: 'analytics-node', version: '3.1.0' },
      campaign: { name: 'spring-sale', source: 'newsletter', medium: 'email' },
      page: {
        path: '/pricing',
        referrer: 'https://search.test/',
        title: 'Pricing',
        url: 'https://acme.test/pricing',
      },
    }
    await send('/batch', {
      batch: [
        { type: 'page', anonymousId: 'seg-context', name: 'Pricing', context, messageId: 'msg_context_001' },
        { type: 'track', anonymousId: 'seg-context', event: 'Other', messageId: 'msg_context_002' },
      ],
    })
    const admin = (query: string) =>
      app.request(`/admin/v1/events?${query}`, { headers: { authorization: `Bearer ${acme.secretKey}` } })
    for (const query of [
      'utmCampaign=spring-sale',
      'locale=de-DE',
      `userAgent=${encodeURIComponent(context.userAgent)}`,
      'library=analytics-node%403.1.0',
      'pagePath=%2Fpricing',
      `referrer=${encodeURIComponent('https://search.test/')}`,
      'title=Pricing',
    ]) {
      const res = await admin(`anonymousId=seg-context&${query}`)
      expect(res.status).toBe(200)
      const { events } = await jsonOf<{ events: Array<{ id: string; context: Record<string, unknown> }> }>(
        res,
      )
      expect(events.map((event) => event.id)).toEqual(['msg_context_001'])
      expect(events[0]?.context).toEqual({
        userAgent: context.userAgent,
        locale: 'de-DE',
        library: 'analytics-node@3.1.0',
        utmCampaign: 'spring-sale',
        utmSource: 'newsletter',
        utmMedium: 'email',
        pagePath: '/pricing',
        referrer: 'https://search.test/',
        title: 'Pricing',
      })
    }
    const all = await jsonOf<{ events: unknown[] }>(await admin('anonymousId=seg-context'))
    expect(all.events).toHaveLength(2)
    expect((await admin('utmCampaign=')).status).toBe(400)
  })

  it('reads gzip and deflate bodies with any content type, and refuses a zip bomb with 413', async () => {
    const compressed = (body: unknown, encoding: 'gzip' | 'deflate') =>
      app.request('/v1/batch', {
        method: 'POST',
        headers: {
          ...basicAuth(acme.project.publicKey),
          'content-type': 'application/x-www-form-urlencoded',
          'content-encoding': encoding,
        },
        body: (encoding === 'gzip' ? gzipSync : deflateSync)(JSON.stringify(body)),
      })
    for (const encoding of ['gzip', 'deflate'] as const) {
      const res = await compressed(
        { batch: [{ type: 'track', anonymousId: `seg-${encoding}`, event: 'Zipped' }] },
        encoding,
      )
      expect(res.status).toBe(200)
      expect(await eventsOf(acme.project.id, `seg-${encoding}`)).toHaveLength(1)
    }
    // 50 MB of spaces inside valid JSON compress to about 50 KB.
    const bomb = await app.request('/v1/batch', {
      method: 'POST',
      headers: { ...basicAuth(acme.project.publicKey), 'content-encoding': 'gzip' },
      body: gzipSync(`{"batch":[${' '.repeat(50 * 1024 * 1024)}]}`),
    })
    expect(bomb.status).toBe(413)
    expect((await jsonOf<ErrorJson>(bomb)).error.code).toBe('payload_too_large')
    const garbled = await app.request('/v1/batch', {
      method: 'POST',
      headers: { ...basicAuth(acme.project.publicKey), 'content-encoding': 'gzip' },
      body: 'not gzip at all',
    })
    expect(garbled.status).toBe(400)
  })

  it('refuses a message nested thousands of levels deep with 400, before anything recurses', async () => {
    for (const depth of [3_000, 5_000, 50_000]) {
      const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
      const text = `{"batch":[{"type":"track","anonymousId":"seg-deep","event":"Deep","properties":${nested}}]}`
      const res = await app.request('/v1/batch', {
        method: 'POST',
        headers: { ...basicAuth(acme.project.publicKey), 'content-type': 'application/json' },
        body: text,
      })
      expect(res.status).toBe(400)
      expect(await fieldsOf(res)).toEqual(['body'])
    }
    expect(await eventsOf(acme.project.id, 'seg-deep')).toHaveLength(0)
  })

  it('refuses bodies over 32 KB per call and 500 KB per batch', async () => {
    const track = await send('/track', { anonymousId: 'seg-big', event: 'Big', pad: 'x'.repeat(33_000) })
    expect(track.status).toBe(413)
    const batch = await send('/batch', {
      batch: Array.from({ length: 20 }, () => ({
        type: 'track',
        anonymousId: 'seg-big',
        event: 'Big',
        pad: 'x'.repeat(30_000),
      })),
    })
    expect(batch.status).toBe(413)
    expect((await jsonOf<ErrorJson>(batch)).error.code).toBe('payload_too_large')
  })

  it("stores events under the write key's project only", async () => {
    const message = { messageId: 'msg_isolation_01', anonymousId: 'seg-anon-iso', event: 'Mine' }
    await send('/track', message)
    await send('/track', { ...message, event: 'Theirs' }, other.project.publicKey)
    await send('/identify', { userId: 'user-iso', traits: { plan: 'other' } }, other.project.publicKey)
    const [acmeEvent] = await eventsOf(acme.project.id, 'seg-anon-iso')
    const [otherEvent] = await eventsOf(other.project.id, 'seg-anon-iso')
    expect(acmeEvent?.name).toBe('Mine')
    expect(otherEvent?.name).toBe('Theirs')
    expect(await personOf(acme.project.id, 'user-iso')).toBeUndefined()
    expect(await personOf(other.project.id, 'user-iso')).toBeDefined()
  })
})
