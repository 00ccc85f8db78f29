import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  fieldsOf,
  jsonOf,
  post,
  seedProject,
  type TestProject,
} from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'
import { verifyPassword } from '../../store/users/password'
import { SIGN_IN_LIMITS } from '.'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 5, 9)
const ORIGIN = 'http://localhost'
const PASSWORD = 'correct horse battery'

interface Me {
  user: { id: string; email: string; name: string; role: string; active: boolean }
  project: { id: string; name: string }
  csrfToken: string
}

/** A browser's cookie jar for one signed-in person, as far as these tests need one. */
interface Browser {
  cookie: string
  csrf: string
}

describe.each(dialectCases())('sign-in for people on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof createApp>
  let proxied: ReturnType<typeof createApp>
  let clock = T0
  let acme: TestProject
  let people = 0

  const options = (trustProxy: boolean) => ({
    database,
    logger: createLogger('silent'),
    rateLimits: { ingest: 100_000, admin: 100_000 },
    now: () => clock,
    trustProxy,
    sessionLifetime: { idleMs: 2 * HOUR, absoluteMs: 24 * HOUR },
  })

  const auth = (path: string, init: RequestInit = {}, target = app) =>
    target.request(`${ORIGIN}/auth/v1${path}`, init)

  /** Invites someone with the project's secret key and returns the token of their set-password link. */
  const invite = async (role: string, email = `person${++people}@acme.test`) => {
    const response = await app.request(
      `${ORIGIN}/admin/v1/users`,
      post({ email, role }, { authorization: `Bearer ${acme.secretKey}` }),
    )
    expect(response.status, await response.clone().text()).toBe(201)
    const { setPasswordUrl } = await jsonOf<{ setPasswordUrl: string }>(response)
    expect(setPasswordUrl).toMatch(/^http:\/\/localhost\/app\/set-password#token=pw_/)
    return { email, token: setPasswordUrl.split('#token=')[1] ?? '' }
  }

  const signIn = (email: string, password: string, headers: Record<string, string> = {}, target = app) =>
    auth('/sign-in', post({ email, password }, { origin: ORIGIN, ...headers }), target)

  const cookieOf = (response: Response) => {
    const header = response.headers.get('set-cookie') ?? ''
    return header.split(';')[0] ?? ''
  }

  /** Invites, sets the password and signs in: a browser with the session cookie and CSRF token. */
  const person = async (role: string): Promise<Browser & { email: string }> => {
    const { email, token } = await invite(role)
    expect((await auth('/password', post({ token, password: PASSWORD }))).status).toBe(200)
    const response = await signIn(email, PASSWORD)
    expect(response.status).toBe(200)
    const { csrfToken } = await jsonOf<{ csrfToken: string }>(response)
    return { email, cookie: cookieOf(response), csrf: csrfToken }
  }

  const withSession = (browser: Browser, method: string, path: string, body?: unknown, extra = {}) =>
    app.request(`${ORIGIN}${path}`, {
      method,
      headers: {
        cookie: browser.cookie,
        origin: ORIGIN,
        'x-heed-csrf': browser.csrf,
        'content-type': 'application/json',
        ...extra,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  const me = (browser: Browser) =>
    app.request(`${ORIGIN}/auth/v1/me`, { headers: { cookie: browser.cookie } })

  /** A detractor's case in the project, made through the ingest API. */
  const detractorCase = async () => {
    const id = `response-${++people}`
    const response = await app.request(
      `/ingest/v1/responses?key=${acme.project.publicKey}`,
      post({
        id,
        surveyId: acme.surveys.nps,
        anonymousId: `anon-${id}`,
        score: 2,
        timestamp: new Date(clock - HOUR).toISOString(),
      }),
    )
    expect(response.status, await response.clone().text()).toBeLessThan(300)
    const list = await app.request('/admin/v1/cases?limit=500', {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    const { cases } = await jsonOf<{ cases: { id: string; responseId: string }[] }>(list)
    const found = cases.find((c) => c.responseId === id)
    if (!found) throw new Error('no case')
    return found.id
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = createApp(options(false))
    proxied = createApp(options(true))
    acme = await seedProject(database, 'Acme')
  })
  afterAll(() => database.close())

  it('sets a password with the one-time link, stores it as salted scrypt, and signs in', async () => {
    const first = await invite('member')
    const second = await invite('member')
    for (const { token } of [first, second]) {
      const set = await auth('/password', post({ token, password: PASSWORD }))
      expect(set.status).toBe(200)
    }
    const rows = await database.db
      .selectFrom('users')
      .select(['email', 'password_hash'])
      .where('email', 'in', [first.email, second.email])
      .execute()
    const [a, b] = rows.map((row) => row.password_hash ?? '')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    // The same password, two salts: two hashes.
    expect(a).not.toBe(b)
    expect(await verifyPassword(PASSWORD, a ?? '')).toBe(true)
    expect(await verifyPassword('correct horse batterY', a ?? '')).toBe(false)

    // The link works once.
    const again = await auth('/password', post({ token: first.token, password: 'another long one' }))
    expect(again.status).toBe(400)
    expect(await fieldsOf(again)).toEqual(['token'])

    const response = await signIn(first.email.toUpperCase(), PASSWORD)
    expect(response.status).toBe(200)
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^heed_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)
    const body = await jsonOf<Me>(await me({ cookie: cookieOf(response), csrf: '' }))
    expect(body.user).toMatchObject({ email: first.email, role: 'member', active: true })
    expect(body.project).toMatchObject({ id: acme.project.id, name: 'Acme' })
    expect(body.csrfToken).toMatch(/^[\w-]{32}$/)

    // Only the cookie's hash is stored.
    const token = cookieOf(response).split('=')[1] ?? ''
    const stored = await database.db.selectFrom('sessions').select('id_hash').execute()
    expect(stored.length).toBeGreaterThan(0)
    expect(stored.map((s) => s.id_hash)).not.toContain(token)
  })

  it('refuses a short password, an expired link, and unknown fields', async () => {
    const { token } = await invite('viewer')
    const short = await auth('/password', post({ token, password: 'short' }))
    expect(short.status).toBe(400)
    expect(await fieldsOf(short)).toEqual(['password'])
    clock += 8 * 24 * HOUR
    try {
      const expired = await auth('/password', post({ token, password: PASSWORD }))
      expect(expired.status).toBe(400)
      expect(await fieldsOf(expired)).toEqual(['token'])
    } finally {
      clock = T0
    }
    const extra = await auth('/sign-in', post({ email: 'x@acme.test', password: 'x', remember: true }))
    expect(extra.status).toBe(400)
    expect(await fieldsOf(extra)).toEqual(['remember'])
  })

  it('marks the cookie Secure over https, and behind a trusted proxy that says https', async () => {
    const { email, token } = await invite('member')
    await auth('/password', post({ token, password: PASSWORD }))
    const https = await app.request(
      'https://heed.test/auth/v1/sign-in',
      post({ email, password: PASSWORD }, { origin: 'https://heed.test' }),
    )
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/)
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' }
    const behindTrusted = await signIn(
      email,
      PASSWORD,
      { ...forwarded, origin: 'https://localhost' },
      proxied,
    )
    expect(behindTrusted.status).toBe(200)
    expect(behindTrusted.headers.get('set-cookie')).toMatch(/; Secure/)
    // Anyone can send the header: without trust, it is ignored (and the Origin must be the plain http one).
    const untrusted = await signIn(email, PASSWORD, { 'x-forwarded-proto': 'https' })
    expect(untrusted.status).toBe(200)
    expect(untrusted.headers.get('set-cookie')).not.toMatch(/Secure/)
  })

  it('answers a wrong password and an unknown e-mail alike, and refuses a sign-in from another site', async () => {
    const { email } = await person('member')
    const wrong = await signIn(email, 'not the password')
    const unknown = await signIn('nobody@acme.test', PASSWORD)
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401)
      expect((await jsonOf<ErrorJson>(response)).error.message).toBe('wrong e-mail or password')
      expect(response.headers.get('set-cookie')).toBeNull()
    }
    const crossSite = await signIn(email, PASSWORD, { origin: 'https://evil.test' })
    expect(crossSite.status).toBe(403)
    expect(crossSite.headers.get('set-cookie')).toBeNull()
  })

  it('rate-limits failed sign-ins per account, even with the right password afterwards', async () => {
    const { email } = await person('member')
    const other = await person('member')
    const from = { 'x-forwarded-for': '198.51.100.1' }
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxFailures; i++) {
      expect((await signIn(email, `wrong ${i}`, from, proxied)).status).toBe(401)
    }
    const blocked = await signIn(email, PASSWORD, { 'x-forwarded-for': '198.51.100.2' }, proxied)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(blocked.headers.get('set-cookie')).toBeNull()
    // Another account from the same address still signs in.
    expect((await signIn(other.email, PASSWORD, from, proxied)).status).toBe(200)
    // The window passes: the account may try again.
    clock += SIGN_IN_LIMITS.account.windowMs
    try {
      expect((await signIn(email, PASSWORD, from, proxied)).status).toBe(200)
    } finally {
      clock = T0
    }
  })

  it('rate-limits failed sign-ins per address, across accounts', async () => {
    const { email } = await person('member')
    const from = { 'x-forwarded-for': '192.0.2.7' }
    for (let i = 0; i < SIGN_IN_LIMITS.address.maxFailures; i++) {
      expect((await signIn(`guess${i}@acme.test`, 'guess', from, proxied)).status).toBe(401)
    }
    expect((await signIn(email, PASSWORD, from, proxied)).status).toBe(429)
    // The same person from another address is let in.
    expect((await signIn(email, PASSWORD, { 'x-forwarded-for': '192.0.2.8' }, proxied)).status).toBe(200)
  })

  it('ends a session after the idle time, and after the absolute age even when used', async () => {
    const idle = await person('member')
    const busy = await person('member')
    try {
      for (let hours = 0; hours < 23; hours++) {
        clock += HOUR
        expect((await me(busy)).status, `hour ${hours}`).toBe(200)
      }
      // idle was not used for more than 2 hours.
      expect((await me(idle)).status).toBe(401)
      clock += HOUR
      expect((await me(busy)).status).toBe(401)
    } finally {
      clock = T0
    }
  })

  it('signs out one browser, or every browser of the person', async () => {
    const { email } = await person('member')
    const laptop = await jsonOf<{ csrfToken: string }>(await signIn(email, PASSWORD)).then(async () => {
      const response = await signIn(email, PASSWORD)
      return { cookie: cookieOf(response), csrf: (await jsonOf<{ csrfToken: string }>(response)).csrfToken }
    })
    const phoneResponse = await signIn(email, PASSWORD)
    const phone = { cookie: cookieOf(phoneResponse), csrf: (await jsonOf<Me>(phoneResponse)).csrfToken }
    const someoneElse = await person('member')

    // Signing out is a write: it needs the CSRF token.
    expect(
      (await withSession(laptop, 'POST', '/auth/v1/sign-out', undefined, { 'x-heed-csrf': 'x' })).status,
    ).toBe(403)
    const out = await withSession(laptop, 'POST', '/auth/v1/sign-out')
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/^heed_session=; Max-Age=0/)
    expect((await me(laptop)).status).toBe(401)
    expect((await me(phone)).status).toBe(200)

    const second = await signIn(email, PASSWORD)
    const desktop = { cookie: cookieOf(second), csrf: (await jsonOf<Me>(second)).csrfToken }
    const everywhere = await withSession(desktop, 'POST', '/auth/v1/sign-out-everywhere')
    expect(everywhere.status).toBe(200)
    expect((await jsonOf<{ ended: number }>(everywhere)).ended).toBeGreaterThanOrEqual(3)
    expect((await me(phone)).status).toBe(401)
    expect((await me(desktop)).status).toBe(401)
    expect((await me(someoneElse)).status).toBe(200)
  })

  it('checks the CSRF token and the Origin of every signed-in write, not of reads', async () => {
    const member = await person('member')
    const caseId = await detractorCase()
    const change = { status: 'contacted' }
    const path = `/admin/v1/cases/${caseId}`
    for (const [headers, what] of [
      [{ 'x-heed-csrf': '' }, 'no token'],
      [{ 'x-heed-csrf': `${member.csrf.slice(1)}x` }, 'a wrong token'],
      [{ origin: 'https://evil.test' }, 'another origin'],
      [{ origin: '' }, 'no origin'],
    ] as const) {
      const refused = await withSession(member, 'PATCH', path, change, headers)
      expect(refused.status, what).toBe(403)
      expect((await jsonOf<ErrorJson>(refused)).error.code).toBe('forbidden')
    }
    const untouched = await withSession(member, 'GET', path)
    expect(untouched.status).toBe(200)
    expect((await jsonOf<{ case: { status: string } }>(untouched)).case.status).toBe('open')
    // A read needs neither.
    const read = await app.request(`${ORIGIN}${path}`, { headers: { cookie: member.cookie } })
    expect(read.status).toBe(200)
    expect((await withSession(member, 'PATCH', path, change)).status).toBe(200)
  })

  it('attributes a signed-in change to the person, whatever the body or header says', async () => {
    const member = await person('member')
    const caseId = await detractorCase()
    const changed = await withSession(
      member,
      'PATCH',
      `/admin/v1/cases/${caseId}`,
      { status: 'contacted', by: 'someone else' },
      { 'x-heed-actor': 'a script' },
    )
    expect(changed.status).toBe(200)
    const note = await withSession(member, 'POST', `/admin/v1/cases/${caseId}/notes`, { text: 'Called them' })
    expect(note.status).toBe(201)
    const detail = await jsonOf<{ history: { by: string; field: string }[]; notes: { author: string }[] }>(
      await withSession(member, 'GET', `/admin/v1/cases/${caseId}`),
    )
    const byPeople = detail.history.filter((entry) => entry.by !== 'system')
    expect(byPeople.map((entry) => [entry.field, entry.by])).toEqual([['status', member.email]])
    expect(detail.notes.map((n) => n.author)).toEqual([member.email])
    // A tag correction too.
    const { case: opened } = await jsonOf<{ case: { responseId: string } }>(
      await withSession(member, 'GET', `/admin/v1/cases/${caseId}`),
    )
    const responseId = opened.responseId
    const corrected = await withSession(member, 'PUT', `/admin/v1/responses/${responseId}/tags`, {
      sentiment: 'negative',
      by: 'someone else',
    })
    expect(corrected.status, await corrected.clone().text()).toBe(200)
    const tags = await jsonOf<{ tags: Record<string, unknown> }>(
      await withSession(member, 'GET', `/admin/v1/responses/${responseId}/tags`),
    )
    expect(JSON.stringify(tags)).toContain(member.email)
    expect(JSON.stringify(tags)).not.toContain('someone else')
    // The person can be given cases: they joined the team when invited.
    const assigned = await withSession(member, 'PATCH', `/admin/v1/cases/${caseId}`, { owner: member.email })
    expect(assigned.status).toBe(200)
  })

  it('lets viewers read but not change anything, and only admins invite', async () => {
    const viewer = await person('viewer')
    const member = await person('member')
    const admin = await person('admin')
    const caseId = await detractorCase()
    expect((await withSession(viewer, 'GET', '/admin/v1/cases')).status).toBe(200)
    for (const [method, path, body] of [
      ['PATCH', `/admin/v1/cases/${caseId}`, { status: 'contacted' }],
      ['POST', `/admin/v1/cases/${caseId}/notes`, { text: 'hi' }],
      ['PUT', '/admin/v1/team/x@acme.test', { name: 'X' }],
      ['POST', '/admin/v1/users', { email: 'new@acme.test', role: 'admin' }],
    ] as const) {
      const refused = await withSession(viewer, method, path, body)
      expect(refused.status, `${method} ${path}`).toBe(403)
    }
    const detail = await jsonOf<{ case: { status: string }; notes: unknown[] }>(
      await withSession(viewer, 'GET', `/admin/v1/cases/${caseId}`),
    )
    expect(detail.case.status).toBe('open')
    expect(detail.notes).toEqual([])
    expect(
      (await database.db.selectFrom('users').select('id').where('email', '=', 'new@acme.test').execute())
        .length,
    ).toBe(0)

    const invite = { email: 'new@acme.test', role: 'viewer' }
    expect((await withSession(member, 'POST', '/admin/v1/users', invite)).status).toBe(403)
    // A secret key can do anything, inviting admins included: members cannot make one.
    for (const [method, path, body] of [
      ['POST', '/admin/v1/keys', { label: 'mine' }],
      ['POST', '/admin/v1/keys/rotate-public', undefined],
    ] as const) {
      const refused = await withSession(member, method, path, body)
      expect(refused.status, path).toBe(403)
      expect((await jsonOf<ErrorJson>(refused)).error.message).toBe(
        'only admins can manage secret keys and invite people',
      )
    }
    expect((await withSession(admin, 'POST', '/admin/v1/keys', { label: 'an admin key' })).status).toBe(201)
    const invited = await withSession(admin, 'POST', '/admin/v1/users', invite)
    expect(invited.status).toBe(201)
    expect((await withSession(admin, 'POST', '/admin/v1/users', invite)).status).toBe(409)
    const listed = await jsonOf<{ users: { email: string; active: boolean }[] }>(
      await withSession(viewer, 'GET', '/admin/v1/users'),
    )
    expect(listed.users.find((u) => u.email === 'new@acme.test')).toMatchObject({ active: false })
  })

  it('keeps secret keys working, and a session sees its own project only', async () => {
    const other = await seedProject(database, 'Other')
    const member = await person('member')
    const keyed = await app.request('/admin/v1/users', {
      headers: { authorization: `Bearer ${other.secretKey}`, cookie: member.cookie },
    })
    expect(keyed.status).toBe(200)
    expect((await jsonOf<{ users: unknown[] }>(keyed)).users).toEqual([])
    const project = await jsonOf<{ project: { id: string } }>(
      await withSession(member, 'GET', '/admin/v1/project'),
    )
    expect(project.project.id).toBe(acme.project.id)
    const ended = await app.request('/admin/v1/cases', { headers: { cookie: 'heed_session=forged' } })
    expect(ended.status).toBe(401)
    expect((await auth('/me', { headers: { cookie: 'heed_session=forged' } })).status).toBe(401)
  })
})
