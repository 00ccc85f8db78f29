import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, type TestProject, testApp } from '../../test-support/fixtures'
import { dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { type RunningServer, startServer } from '../server'
import { updateProject } from '../store/projects'

const ORIGIN = 'https://app.acme.test'

// Under Node, the ingest path reads request headers from Node's parsed headers and sets the headers every
// answer carries on Node's response (http/request-header.ts, http/response-header.ts). `app.request()`
// takes the other branch, so these go through a real socket.
describe.each(dialectCases().slice(0, 1))('headers through a real socket', (dialect) => {
  let database: HeedDatabase
  let server: RunningServer
  let acme: TestProject

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    await updateProject(database, acme.project.id, { allowedOrigins: [ORIGIN] })
    server = await startServer({ app: testApp(database), port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await server.close()
    await database.close()
  })

  const sendEvent = (headers: Record<string, string>, body: string) =>
    fetch(`${server.url}/ingest/v1/events`, { method: 'POST', headers, body })
  const event = (id: string) =>
    JSON.stringify({
      events: [{ id, name: 'Clicked', anonymousId: 'visitor-0001', timestamp: new Date().toISOString() }],
    })

  it('answers an allowed origin with CORS headers and a request id, taking the key from the header', async () => {
    const res = await sendEvent(
      { authorization: `Bearer ${acme.project.publicKey}`, origin: ORIGIN, 'content-type': 'text/plain' },
      event('event-00000001'),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(res.headers.get('vary')).toBe('Origin')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/)
  })

  it('keeps the request id and CORS headers on an error answer', async () => {
    const res = await sendEvent(
      { authorization: `Bearer ${acme.project.publicKey}`, origin: ORIGIN, 'content-type': 'text/plain' },
      // An empty batch fails as a whole (an invalid event alone would be listed as refused in a 200).
      '{"events": []}',
    )
    expect(res.status).toBe(400)
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(res.headers.get('x-request-id')).not.toBeNull()
  })

  it('refuses another origin, a missing key and a content type it cannot read', async () => {
    const key = { authorization: `Bearer ${acme.project.publicKey}` }
    expect((await sendEvent({ ...key, origin: 'https://evil.test' }, event('event-00000002'))).status).toBe(
      403,
    )
    expect((await sendEvent({ origin: ORIGIN }, event('event-00000003'))).status).toBe(401)
    const xml = await sendEvent({ ...key, 'content-type': 'application/xml' }, event('event-00000004'))
    expect(xml.status).toBe(415)
    expect(xml.headers.get('access-control-allow-origin')).toBeNull()
  })
})
