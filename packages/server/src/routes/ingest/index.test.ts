import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { ZDisplayPayload, ZEvent, ZResponsePayload } from '@heed/shared/schemas/ingest'
import { fastEventBatch } from '@heed/shared/schemas/ingest-fast-path'
import { toFieldIssues } from '@heed/shared/schemas/issues'
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

describe.each(dialectCases())('ingest API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>
  const url = (path: string, key = acme.project.publicKey) => `/ingest/v1${path}?key=${key}`

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
  })
  afterAll(() => database.close())

  const responseRows = (id: string) =>
    database.db.selectFrom('responses').selectAll().where('id', '=', id).execute()
  const rollupTotals = async (surveyId: string) => {
    const row = await database.db
      .selectFrom('response_rollups')
      .select((eb) => [
        eb.fn.sum<number>('c2').as('c2'),
        eb.fn.sum<number>('c9').as('c9'),
        eb.fn.sum<number>('shown').as('shown'),
        eb.fn.sum<number>('dismissed').as('dismissed'),
      ])
      .where('survey_id', '=', surveyId)
      .executeTakeFirst()
    return {
      c2: Number(row?.c2 ?? 0),
      c9: Number(row?.c9 ?? 0),
      shown: Number(row?.shown ?? 0),
      dismissed: Number(row?.dismissed ?? 0),
    }
  }

  it('serves the live surveys with an ETag and answers 304 when nothing changed', async () => {
    const first = await app.request(url('/config'))
    expect(first.status).toBe(200)
    const body = await jsonOf<{ surveys: { kind: string }[] }>(first)
    expect(body.surveys.map((s) => s.kind).sort()).toEqual(['ces', 'csat', 'nps'])
    expect(body.surveys[0]).not.toHaveProperty('name')
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    const second = await app.request(url('/config'), { headers: { 'if-none-match': etag ?? '' } })
    expect(second.status).toBe(304)
  })

  it('compresses the config for clients that accept it, with one ETag for every coding', async () => {
    const plain = await app.request(url('/config'))
    const text = await plain.text()
    const etag = plain.headers.get('etag') ?? ''
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('vary')).toBe('Accept-Encoding')
    const decoders = { gzip: gunzipSync, br: brotliDecompressSync }
    for (const coding of ['gzip', 'br'] as const) {
      const response = await app.request(url('/config'), {
        headers: { 'accept-encoding': `${coding}, deflate`, origin: 'https://app.acme.test' },
      })
      expect(response.headers.get('content-encoding')).toBe(coding)
      expect(response.headers.get('vary')).toBe('Origin, Accept-Encoding')
      expect(response.headers.get('etag')).toBe(etag)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 2)
      expect(decoders[coding](bytes).toString('utf8')).toBe(text)
      // Revalidating with the tag of any coding is a 304.
      const again = await app.request(url('/config'), {
        headers: { 'accept-encoding': coding, 'if-none-match': etag },
      })
      expect(again.status).toBe(304)
    }
  })

  it('creates a response from its score, merges the later comment, and ignores retries', async () => {
    const id = 'resp_merge_0001'
    const score = { id, surveyId: acme.surveys.nps, anonymousId: 'anon_0000001', score: 2 }
    expect((await app.request(url('/responses'), post(score))).status).toBe(201)
    expect((await app.request(url('/responses'), post(score))).status).toBe(200)
    const comment = { id, surveyId: acme.surveys.nps, anonymousId: 'anon_0000001', comment: 'Too slow' }
    const merged = await app.request(url('/responses'), post(comment))
    expect(await jsonOf(merged)).toEqual({ ok: true, outcome: 'updated' })
    const rows = await responseRows(id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ score: 2, bucket: 'detractor', comment: 'Too slow' })
    expect((await rollupTotals(acme.surveys.nps)).c2).toBe(1)
  })

  it('moves the rollup count when a score is changed', async () => {
    const id = 'resp_change_01'
    await app.request(
      url('/responses'),
      post({ id, surveyId: acme.surveys.nps, anonymousId: 'anon_0000002', score: 2 }),
    )
    const before = await rollupTotals(acme.surveys.nps)
    await app.request(
      url('/responses'),
      post({ id, surveyId: acme.surveys.nps, anonymousId: 'anon_0000002', score: 9 }),
    )
    const after = await rollupTotals(acme.surveys.nps)
    expect(after.c2).toBe(before.c2 - 1)
    expect(after.c9).toBe(before.c9 + 1)
  })

  it('accepts text/plain bodies as sent by sendBeacon', async () => {
    const body = JSON.stringify({
      id: 'resp_beacon_1',
      surveyId: acme.surveys.csat,
      anonymousId: 'anon_0000003',
      score: 5,
    })
    const res = await app.request(
      url('/responses'),
      post(body, { 'content-type': 'text/plain;charset=UTF-8' }),
    )
    expect(res.status).toBe(201)
  })

  it.each([
    ['a score off the survey scale', { score: 6 }, 'score', 400],
    ['a non-integer score', { score: 2.5 }, 'score', 400],
    ['an unknown survey', { surveyId: 'srv_nope' }, 'surveyId', 422],
    ['a too-long comment', { comment: 'x'.repeat(5001) }, 'comment', 400],
    ['a bad client id', { id: 'a b' }, 'id', 400],
  ])('rejects %s, naming the field', async (_label, change, field, status) => {
    const body = {
      id: 'resp_bad_input',
      surveyId: acme.surveys.csat,
      anonymousId: 'anon_0000004',
      score: 4,
      ...change,
    }
    const res = await app.request(url('/responses'), post(body))
    expect(res.status).toBe(status)
    expect(await fieldsOf(res)).toContain(field)
    expect(await responseRows('resp_bad_input')).toHaveLength(0)
  })

  it('rejects malformed JSON, an empty body, a wrong content type and an oversized body', async () => {
    expect((await app.request(url('/responses'), post('{"id":'))).status).toBe(400)
    expect((await app.request(url('/responses'), post(''))).status).toBe(400)
    expect(
      (await app.request(url('/responses'), post('{}', { 'content-type': 'application/xml' }))).status,
    ).toBe(415)
    const huge = await app.request(url('/responses'), post({ pad: 'x'.repeat(70_000) }))
    expect(huge.status).toBe(413)
    expect((await jsonOf<ErrorJson>(huge)).error.code).toBe('payload_too_large')
  })

  it('refuses a missing or unknown key and a response id reused for another survey', async () => {
    expect((await app.request('/ingest/v1/config')).status).toBe(401)
    expect((await app.request(url('/config', 'pk_unknown'))).status).toBe(401)
    const id = 'resp_conflict1'
    await app.request(
      url('/responses'),
      post({ id, surveyId: acme.surveys.nps, anonymousId: 'anon_0000005', score: 8 }),
    )
    const res = await app.request(
      url('/responses'),
      post({ id, surveyId: acme.surveys.ces, anonymousId: 'anon_0000005', score: 3 }),
    )
    expect(res.status).toBe(409)
  })

  it("never lets one project's key write to another project's survey", async () => {
    const res = await app.request(
      url('/responses', other.project.publicKey),
      post({ id: 'resp_crossprj1', surveyId: acme.surveys.nps, anonymousId: 'anon_0000006', score: 10 }),
    )
    expect(res.status).toBe(422)
    expect(await responseRows('resp_crossprj1')).toHaveLength(0)
  })

  it('counts a display once and its dismissal once, in any order', async () => {
    const before = await rollupTotals(acme.surveys.ces)
    const dismissed = {
      id: 'disp_000000001',
      surveyId: acme.surveys.ces,
      anonymousId: 'anon_0000007',
      event: 'dismissed',
    }
    expect((await app.request(url('/displays'), post(dismissed))).status).toBe(201)
    await app.request(url('/displays'), post({ ...dismissed, event: 'shown' }))
    await app.request(url('/displays'), post(dismissed))
    const after = await rollupTotals(acme.surveys.ces)
    expect(after.shown - before.shown).toBe(1)
    expect(after.dismissed - before.dismissed).toBe(1)
  })

  it('stores an event batch once however often it is retried', async () => {
    const events = Array.from({ length: 100 }, (_, i) => ({
      id: `evt_batch_${String(i).padStart(4, '0')}`,
      name: 'report.exported',
      anonymousId: 'anon_0000008',
      properties: { format: 'csv', rows: i },
      timestamp: new Date().toISOString(),
    }))
    const first = await app.request(url('/events'), post({ events }))
    expect(await jsonOf(first)).toEqual({ ok: true, stored: 100, duplicates: 0, refused: [] })
    const retry = await app.request(url('/events'), post({ events }))
    expect(await jsonOf(retry)).toEqual({ ok: true, stored: 0, duplicates: 100, refused: [] })
    const tooMany = await app.request(
      url('/events'),
      post({ events: [...events, { ...events[0], id: 'evt_batch_extra' }] }),
    )
    expect(tooMany.status).toBe(400)
    expect(await fieldsOf(tooMany)).toEqual(['events'])
  })

  it('stores the same event whether its batch takes the fast path or is left to zod', async () => {
    // One time for both: made per event, the two could fall on either side of a millisecond.
    const timestamp = new Date(Date.now() - 60_000).toISOString()
    const event = (id: string, url: string) => ({
      id,
      type: 'page',
      name: 'Billing',
      anonymousId: 'anon_0000010',
      userId: ' user-both-paths\u00a0',
      accountId: 'acct-both-paths',
      sessionId: 'sess_0000010',
      properties: { path: '/billing', tags: ['é', null, { nested: true }] },
      url,
      timestamp,
    })
    const fast = event('evt_path_fast', 'https://app.example.com/billing')
    // Valid, but an IP address as the host is beyond the fast path's URL check, so zod reads this batch.
    const slow = event('evt_path_zod1', 'http://127.0.0.1:3000/billing')
    expect(fastEventBatch({ events: [fast] })).toBeDefined()
    expect(fastEventBatch({ events: [slow] })).toBeUndefined()
    for (const batch of [fast, slow]) {
      expect(await jsonOf(await app.request(url('/events'), post({ events: [batch] })))).toEqual({
        ok: true,
        stored: 1,
        duplicates: 0,
        refused: [],
      })
    }
    const rows = await database.db
      .selectFrom('events')
      .select([
        'id',
        'type',
        'name',
        'anonymous_id',
        'person_id',
        'account_id',
        'session_id',
        'properties',
        'url',
        'occurred_at',
      ])
      .where('id', 'in', [fast.id, slow.id])
      .orderBy('id')
      .execute()
    expect(rows.map((row) => row.url)).toEqual([fast.url, slow.url])
    const [fastRow, slowRow] = rows.map(({ id: _id, url: _url, ...row }) => row)
    expect(fastRow).toEqual(slowRow)
    expect(fastRow).toMatchObject({ person_id: 'user-both-paths', account_id: 'acct-both-paths' })
  })

  it('keeps the valid events of a batch and reports the refused ones by index, for admins too', async () => {
    const event = (id: string) => ({
      id,
      name: 'Saved',
      anonymousId: 'anon_0000011',
      timestamp: new Date().toISOString(),
    })
    const invalid = { ...event('evt_partial_2'), timestamp: '2024-02-30T12:00:00Z' }
    const issues = toFieldIssues(ZEvent.safeParse(invalid).error!)
    const res = await app.request(
      url('/events'),
      post({ events: [event('evt_partial_1'), invalid, event('evt_partial_3')] }),
    )
    expect(res.status).toBe(200)
    expect(await jsonOf(res)).toEqual({
      ok: true,
      stored: 2,
      duplicates: 0,
      refused: [{ index: 1, field: issues[0]?.field, reason: issues[0]?.message }],
    })
    const stored = await database.db
      .selectFrom('events')
      .select('id')
      .where('id', 'like', 'evt_partial_%')
      .orderBy('id')
      .execute()
    expect(stored.map((row) => row.id)).toEqual(['evt_partial_1', 'evt_partial_3'])
    const errors = await app.request('/admin/v1/ingest/errors', {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    expect(await jsonOf(errors)).toMatchObject({
      errors: [{ route: '/ingest/v1/events', index: 1, messageId: 'evt_partial_2', field: issues[0]?.field }],
    })
  })

  it.each([
    [
      '/responses',
      ZResponsePayload,
      (surveyId: string) => ({
        id: 'resp_invalid1',
        surveyId,
        anonymousId: 'anon_0000011',
        score: 9,
        locale: 'english',
      }),
    ],
    [
      '/displays',
      ZDisplayPayload,
      (surveyId: string) => ({
        id: 'disp_invalid1',
        surveyId,
        anonymousId: 'anon_0000011',
        event: 'clicked',
      }),
    ],
  ] as const)(
    'answers an invalid body to %s with the 400 its schema writes',
    async (path, schema, bodyFor) => {
      const body = bodyFor(acme.surveys.nps)
      const parsed = schema.safeParse(body)
      if (parsed.success) throw new Error('expected the schema to refuse the body')
      const issues = toFieldIssues(parsed.error)
      const res = await app.request(url(path), post(body))
      expect(res.status).toBe(400)
      expect((await jsonOf<ErrorJson>(res)).error).toMatchObject({
        code: 'invalid_body',
        message: `${issues[0]?.field}: ${issues[0]?.message}`,
        issues,
      })
    },
  )

  it('links earlier anonymous answers and events to the person on identify', async () => {
    await app.request(
      url('/responses'),
      post({ id: 'resp_anon_0001', surveyId: acme.surveys.nps, anonymousId: 'anon_0000009', score: 3 }),
    )
    const res = await app.request(
      url('/identify'),
      post({
        anonymousId: 'anon_0000009',
        userId: 'user-42',
        traits: { plan: 'pro' },
        account: { id: 'acct-7', traits: { mrr: 990 } },
      }),
    )
    expect(res.status).toBe(200)
    expect((await responseRows('resp_anon_0001'))[0]?.person_id).toBe('user-42')
    await app.request(
      url('/responses'),
      post({ id: 'resp_known_001', surveyId: acme.surveys.nps, anonymousId: 'anon_0000009', score: 9 }),
    )
    const [known] = await responseRows('resp_known_001')
    expect(known?.person_id).toBe('user-42')
    expect(known?.account_id).toBe('acct-7')
    expect(JSON.parse(known?.traits ?? '{}')).toEqual({ plan: 'pro', 'account.mrr': 990 })
  })

  it('answers CORS preflights and refuses origins the project does not allow', async () => {
    await database.db
      .updateTable('projects')
      .set({ allowed_origins: '["https://app.acme.test"]' })
      .where('id', '=', other.project.id)
      .execute()
    const fresh = testApp(database)
    const key = other.project.publicKey
    const preflight = await fresh.request(url('/responses', key), {
      method: 'OPTIONS',
      headers: { origin: 'https://app.acme.test' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.acme.test')
    const allowed = await fresh.request(url('/config', key), { headers: { origin: 'https://app.acme.test' } })
    expect(allowed.status).toBe(200)
    const refused = await fresh.request(url('/config', key), { headers: { origin: 'https://evil.test' } })
    expect(refused.status).toBe(403)
  })

  it('limits the request rate per key with 429 and Retry-After', async () => {
    const limited = testApp(database, { rateLimits: { ingest: 1 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await limited.request(url('/config'))).status)
    expect(statuses).toContain(429)
    const res = await limited.request(url('/config'))
    expect(res.headers.get('retry-after')).toBeTruthy()
  })
})
