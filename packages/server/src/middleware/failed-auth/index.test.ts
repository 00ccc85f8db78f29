import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, type TestProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'
import { createLogger } from '../../logger'
import { type RunningServer, startServer } from '../../server'
import { addressKey, failedAuthLimit } from '.'

describe('failedAuthLimit', () => {
  let clock = 0
  const app = new Hono<AppEnv>()
  app.use('*', failedAuthLimit({ perMinute: 5, now: () => clock, addressOf: (c) => c.req.header('x-from') }))
  app.get('/', (c) => {
    if (c.req.header('x-key') !== 'good') throw new ApiError(401, 'unauthorized', 'unknown key')
    return c.text('ok')
  })
  app.onError((error, c) =>
    error instanceof ApiError ? c.json({ code: error.code }, error.status, error.headers) : c.text('?', 500),
  )
  const call = (from: string | undefined, key = 'bad') =>
    app.request('/', { headers: { 'x-key': key, ...(from !== undefined && { 'x-from': from }) } })
  const statuses = async (from: string | undefined, times: number, key = 'bad') => {
    const seen: number[] = []
    for (let i = 0; i < times; i++) seen.push((await call(from, key)).status)
    return seen
  }

  it('answers 429 with Retry-After once an address has failed as often as a minute allows', async () => {
    expect(await statuses('198.51.100.1', 5)).toEqual([401, 401, 401, 401, 401])
    const refused = await call('198.51.100.1')
    expect(refused.status).toBe(429)
    // One failure flows back every 60 / 5 = 12 seconds.
    expect(refused.headers.get('retry-after')).toBe('12')
    expect(await refused.json()).toEqual({ code: 'rate_limited' })
  })

  it('refuses a blocked address even a valid key, and lets it try again as the minute passes', async () => {
    expect((await call('198.51.100.1', 'good')).status).toBe(429)
    clock += 12_000
    expect(await statuses('198.51.100.1', 2)).toEqual([401, 429])
  })

  it('counts only failures, and each address on its own', async () => {
    expect(await statuses('198.51.100.2', 20, 'good')).toEqual(Array(20).fill(200))
    expect(await statuses('198.51.100.2', 6)).toEqual([401, 401, 401, 401, 401, 429])
    expect(await statuses('198.51.100.3', 1)).toEqual([401])
  })

  it('counts the IPv6 addresses of one /64 together', async () => {
    expect(await statuses('2001:db8:1:2::1', 3)).toEqual([401, 401, 401])
    expect(await statuses('2001:db8:1:2:ffff::9', 3)).toEqual([401, 401, 429])
    expect(await statuses('2001:db8:1:3::1', 1)).toEqual([401])
  })

  it('does not limit a request whose address is unknown', async () => {
    expect(await statuses(undefined, 10)).toEqual(Array(10).fill(401))
  })
})

describe('addressKey', () => {
  it('keeps IPv4 addresses whole and groups IPv6 ones by /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9')
    expect(addressKey('2001:db8:0:1:2:3:4:5')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:DB8:0000:0001::5')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })
})

// The whole server, as `heed start` runs it, over loopback: every way to authenticate counts.
describe.each(dialectCases())('failed authentications on a running server, $name', (dialect: DialectCase) => {
  const LIMIT = 10
  let database: HeedDatabase
  let server: RunningServer
  let acme: TestProject

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    // A clock that stands still: no failure flows back while the test runs, however slowly.
    const app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { authFailures: LIMIT },
      now: () => Date.parse('2026-12-07T00:00:00Z'),
    })
    server = await startServer({ app, port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await server.close()
    await database.close()
  })

  const randomKey = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`

  it('answers 401 to unknown keys until the limit, then 429 with Retry-After, valid keys included', async () => {
    const attempts = [
      () => fetch(`${server.url}/ingest/v1/config?key=${randomKey('pk_')}`),
      () =>
        fetch(`${server.url}/admin/v1/project`, { headers: { authorization: `Bearer ${randomKey('sk_')}` } }),
      () =>
        fetch(`${server.url}/v1/track`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${randomKey('pk_')}:`).toString('base64')}` },
          body: JSON.stringify({ event: 'Signed Up', userId: 'u1' }),
        }),
    ]
    const seen: number[] = []
    for (let i = 0; i < LIMIT + 5; i++) {
      const response = await attempts[i % attempts.length]!()
      seen.push(response.status)
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      await response.body?.cancel()
    }
    expect(seen).toEqual([...Array(LIMIT).fill(401), ...Array(5).fill(429)])
    const valid = await fetch(`${server.url}/admin/v1/project`, {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    expect(valid.status).toBe(429)
  })

  it('counts the client a trusted proxy names, not the proxy, and not what the client wrote', async () => {
    const app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { authFailures: 2 },
      trustedProxies: ['127.0.0.1'],
      now: () => Date.parse('2026-12-07T00:00:00Z'),
    })
    const proxied = await startServer({ app, port: 0, host: '127.0.0.1' })
    try {
      const from = async (forwardedFor: string) => {
        const response = await fetch(`${proxied.url}/ingest/v1/config?key=${randomKey('pk_')}`, {
          headers: { 'x-forwarded-for': forwardedFor },
        })
        await response.body?.cancel()
        return response.status
      }
      expect([await from('198.51.100.7'), await from('198.51.100.7')]).toEqual([401, 401])
      // Entries left of the one the proxy appended are the client's own words.
      expect(await from('203.0.113.50, 198.51.100.7')).toBe(429)
      expect(await from('198.51.100.8')).toBe(401)
    } finally {
      await proxied.close()
    }
  })
})
