import { createHash } from 'node:crypto'
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
    expect(await res.json()).toEqual({ success: true })
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
      expect(await res.json()).toEqual({ success: true })
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
    ['an identify without userId', '/identify', { anonymousId: 'seg-bad', traits: {} }, 'userId'],
    ['a group without groupId', '/group', { userId: 'user-bad' }, 'groupId'],
    ['a trait that is a list', '/identify', { userId: 'user-bad', traits: { roles: ['a'] } }, 'traits.roles'],
    [
      'a timestamp without a zone',
      '/track',
      { anonymousId: 'seg-bad', event: 'E', timestamp: '2024-05-01T12:00:00' },
      'timestamp',
    ],
    ['a body that is not an object', '/page', [], 'body'],
  ])('refuses %s with 400 naming the field', async (_label, path, body, field) => {
    const res = await send(path, body)
    expect(res.status).toBe(400)
    expect(await fieldsOf(res)).toContain(field)
  })

  it('names the message of a batch at fault and stores none of the batch', async () => {
    const good = { type: 'track', anonymousId: 'seg-bad-batch', event: 'Fine' }
    const badEvent = await send('/batch', { batch: [good, good, good, { ...good, event: '' }] })
    expect(badEvent.status).toBe(400)
    expect(await fieldsOf(badEvent)).toEqual(['batch.3.event'])
    const badType = await send('/batch', { batch: [good, { ...good, type: 'screen' }] })
    expect(await fieldsOf(badType)).toEqual(['batch.1.type'])
    const oversized = await send('/batch', {
      batch: [
        good,
        { ...good, properties: { note: 'x'.repeat(1000) }, context: { pad: 'y'.repeat(33_000) } },
      ],
    })
    expect(oversized.status).toBe(400)
    expect(await fieldsOf(oversized)).toEqual(['batch.1'])
    const tooMany = await send('/batch', {
      batch: Array.from({ length: 2501 }, () => ({ type: 'page', anonymousId: 'seg-bad-batch' })),
    })
    expect(tooMany.status).toBe(400)
    expect(await fieldsOf(tooMany)).toEqual(['batch'])
    expect(await eventsOf(acme.project.id, 'seg-bad-batch')).toHaveLength(0)
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
