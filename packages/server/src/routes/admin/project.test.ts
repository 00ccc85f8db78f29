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

interface ProjectJson {
  id: string
  name: string
  publicKey: string
  allowedOrigins: string[]
  recontactDays: number
  honorDoNotTrack: boolean
  timeZone: string
  createdAt: string
}

interface KeyJson {
  id: string
  label: string
  hint: string
  createdAt: string
  revokedAt: string | null
}

describe.each(dialectCases())('admin project and keys API on $name', (dialect: DialectCase) => {
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

  const send = (method: string, path: string, key: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })

  const projectOf = async (key: string) =>
    (await jsonOf<{ project: ProjectJson }>(await send('GET', '/project', key))).project
  const keysOf = async (key: string) =>
    (await jsonOf<{ keys: KeyJson[] }>(await send('GET', '/keys', key))).keys
  const createKey = async (key: string, label: string) => {
    const response = await send('POST', '/keys', key, { label })
    expect(response.status).toBe(201)
    return jsonOf<{ key: KeyJson; secretKey: string }>(response)
  }

  it("shows the caller's project and its settings", async () => {
    const project = await projectOf(acme.secretKey)
    expect(project).toEqual({
      id: acme.project.id,
      name: 'Acme',
      publicKey: acme.project.publicKey,
      allowedOrigins: [],
      recontactDays: 30,
      honorDoNotTrack: false,
      timeZone: 'UTC',
      followUpSlaHours: 48,
      createdAt: new Date(acme.project.createdAt).toISOString(),
      segments: [],
    })
  })

  it('changes the given settings, keeps the others, and stores origins and zones as browsers spell them', async () => {
    const response = await send('PATCH', '/project', acme.secretKey, {
      name: '  Acme Inc. ',
      allowedOrigins: [
        'https://App.Acme.test/',
        'https://app.acme.test',
        'https://admin.acme.test:443',
        'https://staging.acme.test:8443',
        'https://*.acme-cdn.test',
        'https://bücher.test',
        'http://localhost:5173',
      ],
      timeZone: 'europe/berlin',
    })
    expect(response.status).toBe(200)
    const expected = {
      name: 'Acme Inc.',
      allowedOrigins: [
        'https://app.acme.test',
        'https://admin.acme.test',
        'https://staging.acme.test:8443',
        'https://*.acme-cdn.test',
        'https://xn--bcher-kva.test',
        'http://localhost:5173',
      ],
      timeZone: 'Europe/Berlin',
      recontactDays: 30,
      honorDoNotTrack: false,
    }
    expect((await jsonOf<{ project: ProjectJson }>(response)).project).toMatchObject(expected)
    const patched = await send('PATCH', '/project', acme.secretKey, {
      recontactDays: 0,
      honorDoNotTrack: true,
    })
    expect((await jsonOf<{ project: ProjectJson }>(patched)).project).toMatchObject({
      ...expected,
      recontactDays: 0,
      honorDoNotTrack: true,
    })
    expect(await projectOf(acme.secretKey)).toMatchObject({
      ...expected,
      recontactDays: 0,
      honorDoNotTrack: true,
    })
  })

  it.each([
    ['an empty name', { name: '  ' }, 'name'],
    ['a too-long name', { name: 'x'.repeat(201) }, 'name'],
    [
      'a plain-http origin',
      { allowedOrigins: ['https://ok.test', 'http://app.acme.test'] },
      'allowedOrigins.1',
    ],
    ['an origin with a path', { allowedOrigins: ['https://app.acme.test/app'] }, 'allowedOrigins.0'],
    ['an origin with credentials', { allowedOrigins: ['https://me@app.acme.test'] }, 'allowedOrigins.0'],
    ['a wildcard with a port', { allowedOrigins: ['https://*.acme.test:8443'] }, 'allowedOrigins.0'],
    ['a wildcard in the middle', { allowedOrigins: ['https://app.*.acme.test'] }, 'allowedOrigins.0'],
    ['a bare host', { allowedOrigins: ['app.acme.test'] }, 'allowedOrigins.0'],
    ['a host with an underscore', { allowedOrigins: ['https://app_1.acme.test'] }, 'allowedOrigins.0'],
    ['a port out of range', { allowedOrigins: ['https://app.acme.test:70000'] }, 'allowedOrigins.0'],
    ['a non-string origin', { allowedOrigins: [42] }, 'allowedOrigins.0'],
    [
      'too many origins',
      { allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://a${i}.acme.test`) },
      'allowedOrigins',
    ],
    ['too long a recontact window', { recontactDays: 366 }, 'recontactDays'],
    ['a negative recontact window', { recontactDays: -1 }, 'recontactDays'],
    ['a fractional recontact window', { recontactDays: 1.5 }, 'recontactDays'],
    ['a Do-Not-Track flag that is not a boolean', { honorDoNotTrack: 'yes' }, 'honorDoNotTrack'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['a setting that cannot be changed here', { publicKey: 'pk_mine' }, 'publicKey'],
    ['no setting at all', {}, 'body'],
  ])('refuses %s, naming the field and changing nothing', async (_label, body, field) => {
    const before = await projectOf(acme.secretKey)
    const response = await send('PATCH', '/project', acme.secretKey, body)
    expect(response.status).toBe(400)
    expect(await fieldsOf(response)).toContain(field)
    expect(await projectOf(acme.secretKey)).toEqual(before)
  })

  it('creates a secret key shown once, lists keys without their secrets, and revokes at once', async () => {
    const created = await createKey(acme.secretKey, 'CI deploys')
    expect(created.secretKey).toMatch(/^sk_/)
    expect(created.key).toMatchObject({
      label: 'CI deploys',
      hint: created.secretKey.slice(-4),
      revokedAt: null,
    })
    expect((await projectOf(created.secretKey)).id).toBe(acme.project.id)

    const listResponse = await send('GET', '/keys', acme.secretKey)
    const listed = await listResponse.clone().text()
    expect(listed).not.toContain(created.secretKey)
    expect(listed).not.toContain(acme.secretKey)
    const keys = (await jsonOf<{ keys: KeyJson[] }>(listResponse)).keys
    expect(keys.map((k) => k.label)).toEqual(['default', 'CI deploys'])
    expect(Object.keys(keys[0] ?? {}).sort()).toEqual(['createdAt', 'hint', 'id', 'label', 'revokedAt'])

    const revoked = await send('DELETE', `/keys/${created.key.id}`, acme.secretKey)
    expect(revoked.status).toBe(200)
    const revokedKey = (await jsonOf<{ key: KeyJson }>(revoked)).key
    expect(revokedKey.revokedAt).not.toBeNull()
    expect((await send('GET', '/project', created.secretKey)).status).toBe(401)
    const again = await send('DELETE', `/keys/${created.key.id}`, acme.secretKey)
    expect((await jsonOf<{ key: KeyJson }>(again)).key).toEqual(revokedKey)
  })

  it.each([
    ['no label', {}, 'label'],
    ['an empty label', { label: ' ' }, 'label'],
    ['a label that is not text', { label: 7 }, 'label'],
    ['an unknown field', { label: 'ok', scopes: ['read'] }, 'scopes'],
  ])('refuses to create a key with %s', async (_label, body, field) => {
    const before = await keysOf(acme.secretKey)
    const response = await send('POST', '/keys', acme.secretKey, body)
    expect(response.status).toBe(400)
    expect(await fieldsOf(response)).toEqual([field])
    expect(await keysOf(acme.secretKey)).toEqual(before)
  })

  it('lets a key revoke itself, but never the last active key', async () => {
    const solo = await seedProject(database, 'Solo')
    const second = await createKey(solo.secretKey, 'second')
    const [first] = await keysOf(solo.secretKey)
    const itself = await send('DELETE', `/keys/${second.key.id}`, second.secretKey)
    expect(itself.status).toBe(200)
    expect((await send('GET', '/keys', second.secretKey)).status).toBe(401)

    const last = await send('DELETE', `/keys/${first?.id}`, solo.secretKey)
    expect(last.status).toBe(409)
    expect((await jsonOf<ErrorJson>(last.clone())).error.code).toBe('conflict')
    expect(await fieldsOf(last)).toEqual(['id'])
    expect((await send('GET', '/project', solo.secretKey)).status).toBe(200)
  })

  it('keeps one key active when every key is revoked at the same moment', async () => {
    const crowd = await seedProject(database, 'Crowd')
    const [first] = await keysOf(crowd.secretKey)
    const keys = [{ id: first?.id, secretKey: crowd.secretKey }]
    for (let i = 1; i < 8; i++) {
      const { key, secretKey } = await createKey(crowd.secretKey, `key ${i}`)
      keys.push({ id: key.id, secretKey })
    }
    // Each key revokes itself, so no request is refused for a key another request revoked first.
    const statuses = await Promise.all(
      keys.map(async (key) => (await send('DELETE', `/keys/${key.id}`, key.secretKey)).status),
    )
    expect(statuses.filter((status) => status === 200)).toHaveLength(keys.length - 1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(1)
    const active = await database.db
      .selectFrom('secret_keys')
      .select('id')
      .where('project_id', '=', crowd.project.id)
      .where('revoked_at', 'is', null)
      .execute()
    expect(active).toHaveLength(1)
  })

  it('rotates the public key: the new one works and the old one is refused at once', async () => {
    const rotating = await seedProject(database, 'Rotating')
    const oldKey = rotating.project.publicKey
    const response = await send('POST', '/keys/rotate-public', rotating.secretKey)
    expect(response.status).toBe(200)
    const { publicKey } = await jsonOf<{ publicKey: string }>(response)
    expect(publicKey).toMatch(/^pk_/)
    expect(publicKey).not.toBe(oldKey)
    expect((await projectOf(rotating.secretKey)).publicKey).toBe(publicKey)
    expect((await app.request(`/ingest/v1/config?key=${publicKey}`)).status).toBe(200)
    expect((await app.request(`/ingest/v1/config?key=${oldKey}`)).status).toBe(401)
  })

  it("never lets another project's key read or change this project or its keys", async () => {
    const before = await projectOf(acme.secretKey)
    const keysBefore = await keysOf(acme.secretKey)
    const [acmeKey] = keysBefore

    expect((await projectOf(other.secretKey)).id).toBe(other.project.id)
    expect((await keysOf(other.secretKey)).map((k) => k.id)).not.toContain(acmeKey?.id)
    expect((await send('DELETE', `/keys/${acmeKey?.id}`, other.secretKey)).status).toBe(404)
    await send('PATCH', '/project', other.secretKey, { name: 'Renamed by Other' })
    await send('POST', '/keys/rotate-public', other.secretKey)
    await createKey(other.secretKey, 'theirs')

    expect(await projectOf(acme.secretKey)).toEqual(before)
    expect(await keysOf(acme.secretKey)).toEqual(keysBefore)
    const ingest = await app.request(
      `/ingest/v1/responses?key=${acme.project.publicKey}`,
      post({ id: 'resp_iso_0001', surveyId: acme.surveys.nps, anonymousId: 'anon_iso_01', score: 9 }),
    )
    expect(ingest.status).toBe(201)
  })

  it('answers 404 for a key that does not exist, and 401 without a key', async () => {
    expect((await send('DELETE', '/keys/key_missing', acme.secretKey)).status).toBe(404)
    expect((await app.request('/admin/v1/project')).status).toBe(401)
    expect((await app.request('/admin/v1/keys', post({ label: 'x' }))).status).toBe(401)
  })
})
