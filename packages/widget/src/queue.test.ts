import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeServer, leavePage, newPage, settle } from './test-support'

const HOST = 'https://heed.example.com'
let allowed = true

/** A page load's queue: a fresh module, with what the last page left in localStorage. */
async function loadQueue() {
  newPage()
  const queue = await import('./queue')
  queue.startQueue(
    (path) => `${HOST}/ingest/v1/${path}?key=pk_test`,
    () => allowed,
  )
  return queue
}

const anEvent = (id: string) => ({
  id,
  type: 'track',
  name: 'clicked',
  anonymousId: 'anon-1234',
  timestamp: 't',
})

beforeEach(() => {
  vi.useFakeTimers()
  allowed = true
})
afterEach(() => {
  leavePage()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  localStorage.clear()
})

describe('the delivery queue', () => {
  it('sends events in one batch once 20 wait', async () => {
    const server = fakeServer()
    const queue = await loadQueue()
    for (let i = 0; i < 19; i++) queue.enqueue('events', anEvent(`event-${i}`))
    await settle()
    expect(server.attempts).toEqual([])
    queue.enqueue('events', anEvent('event-19'))
    await settle()
    expect(server.attempts).toHaveLength(1)
    expect(server.attempts[0]!.path).toBe('events')
    expect(server.attempts[0]!.key).toBe('pk_test')
    expect(server.delivered('events').map((event) => event.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `event-${i}`),
    )
  })

  it('sends fewer events 5 seconds after the first of them', async () => {
    const server = fakeServer()
    const queue = await loadQueue()
    queue.enqueue('events', anEvent('event-1'))
    await vi.advanceTimersByTimeAsync(3_000)
    queue.enqueue('events', anEvent('event-2'))
    await vi.advanceTimersByTimeAsync(1_999)
    expect(server.attempts).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await settle()
    expect(server.attempts).toHaveLength(1)
    expect(server.delivered('events')).toHaveLength(2)
  })

  it('sends responses, displays and identify calls at once, one per request', async () => {
    const server = fakeServer()
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 9 })
    queue.enqueue('displays', { id: 'display-1', event: 'shown' })
    await settle()
    expect(server.attempts.map((request) => [request.path, request.body.id])).toEqual([
      ['responses', 'response-1'],
      ['displays', 'display-1'],
    ])
  })

  it('sends a JSON string body without headers: text/plain, no CORS preflight', async () => {
    const server = fakeServer()
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 9 })
    await settle()
    const [url, init] = server.fetch.mock.calls[0]!
    expect(url).toBe(`${HOST}/ingest/v1/responses?key=pk_test`)
    expect(init).toMatchObject({ method: 'POST', body: '{"id":"response-1","score":9}' })
    expect(init?.headers).toBeUndefined()
  })

  it('retries with backoff while offline and delivers each payload exactly once, with the same ids', async () => {
    const server = fakeServer()
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    let failures = 3
    server.answer = () => (failures-- > 0 ? 'offline' : 201)
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 3 })
    for (let i = 0; i < 20; i++) queue.enqueue('events', anEvent(`event-${i}`))
    await settle()
    expect(server.attempts).toHaveLength(1)
    // Full jitter: a random share of 1 s, then of 2 s, 4 s…
    await vi.advanceTimersByTimeAsync(998)
    expect(server.attempts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2)
    await settle()
    // The failed response and the 20 events, as two requests.
    expect(server.attempts).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(2_000)
    await settle()
    await vi.advanceTimersByTimeAsync(4_000)
    await settle()
    expect(server.delivered('responses').map((response) => response.id)).toEqual(['response-1'])
    expect(server.delivered('events').map((event) => event.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `event-${i}`),
    )
    await vi.advanceTimersByTimeAsync(600_000)
    expect(server.accepted).toHaveLength(2)
    expect(localStorage.getItem('heed:q')).toBe('[]')
  })

  it('waits at most 5 minutes between attempts', async () => {
    const server = fakeServer()
    vi.spyOn(Math, 'random').mockReturnValue(0.999)
    server.answer = () => 503
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 3 })
    await settle()
    for (let i = 0; i < 12; i++) await vi.advanceTimersByTimeAsync(300_000)
    const attempts = server.attempts.length
    await vi.advanceTimersByTimeAsync(300_000)
    expect(server.attempts.length).toBe(attempts + 1)
  })

  it('tries again at once when the browser comes back online', async () => {
    const server = fakeServer()
    server.answer = () => 'offline'
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 3 })
    await settle()
    server.answer = () => 201
    window.dispatchEvent(new Event('online'))
    await settle()
    expect(server.delivered('responses')).toHaveLength(1)
  })

  it('keeps what it could not send for the next page load', async () => {
    const server = fakeServer()
    server.answer = () => 'offline'
    const first = await loadQueue()
    first.enqueue('responses', { id: 'response-1', score: 3 })
    first.enqueue('events', anEvent('event-1'))
    await settle()
    vi.clearAllTimers()
    server.answer = () => 201
    const second = await loadQueue()
    second.flush()
    await settle()
    expect(server.delivered('responses').map((response) => response.id)).toEqual(['response-1'])
    expect(server.delivered('events').map((event) => event.id)).toEqual(['event-1'])
  })

  it('sends at most 100 events per request', async () => {
    const server = fakeServer()
    allowed = false
    const queue = await loadQueue()
    for (let i = 0; i < 150; i++) queue.enqueue('events', anEvent(`event-${i}`))
    allowed = true
    queue.flush()
    await settle()
    expect(server.accepted.map((request) => request.body.events.length)).toEqual([100, 50])
  })

  it('holds at most 500 payloads, dropping the oldest events and never a response or display', async () => {
    const server = fakeServer()
    server.answer = () => 'offline'
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 3 })
    for (let i = 0; i < 300; i++) queue.enqueue('events', anEvent(`event-${i}`))
    queue.enqueue('displays', { id: 'display-1', event: 'shown' })
    for (let i = 300; i < 600; i++) queue.enqueue('events', anEvent(`event-${i}`))
    const stored = JSON.parse(localStorage.getItem('heed:q')!) as { p: string; b: { id: string } }[]
    expect(stored).toHaveLength(500)
    expect(stored.filter((item) => item.p !== 'events').map((item) => item.b.id)).toEqual([
      'response-1',
      'display-1',
    ])
    const events = stored.filter((item) => item.p === 'events').map((item) => item.b.id)
    expect(events[0]).toBe('event-102')
    expect(events.at(-1)).toBe('event-599')
  })

  it('drops what the server refuses for good (4xx) and retries timeouts, rate limits and errors', async () => {
    const server = fakeServer()
    const statuses: Record<string, number[]> = {
      'refused-400': [400],
      'refused-409': [409],
      'refused-422': [422],
      'retried-408': [408, 201],
      'retried-429': [429, 201],
      'retried-500': [500, 201],
    }
    server.answer = (request) => statuses[request.body.id]!.shift() ?? 201
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const queue = await loadQueue()
    for (const id of Object.keys(statuses)) queue.enqueue('responses', { id, score: 1 })
    await settle()
    await vi.advanceTimersByTimeAsync(2_000)
    await settle()
    expect(server.attempts.filter((request) => request.body.id.startsWith('refused'))).toHaveLength(3)
    expect(server.delivered('responses').map((response) => response.id)).toEqual([
      'retried-408',
      'retried-429',
      'retried-500',
    ])
    expect(debug).toHaveBeenCalledWith('heed: refused', 400, 'responses', expect.anything())
    expect(localStorage.getItem('heed:q')).toBe('[]')
  })

  it('drops only the events the server names in a refused batch and sends the others again', async () => {
    const server = fakeServer()
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    server.answer = (request) =>
      request.body.events.some((event: { name: string }) => event.name === '')
        ? {
            status: 400,
            body: {
              error: {
                code: 'invalid_body',
                issues: request.body.events.flatMap((event: { name: string }, index: number) =>
                  event.name === '' ? [{ field: `events.${index}.name`, message: 'must not be empty' }] : [],
                ),
              },
            },
          }
        : 200
    const queue = await loadQueue()
    for (let i = 0; i < 20; i++)
      queue.enqueue('events', { ...anEvent(`event-${i}`), name: i % 7 ? 'ok' : '' })
    await settle()
    expect(server.attempts).toHaveLength(1)
    // The 17 others wait for the next batch, 5 seconds on.
    await vi.advanceTimersByTimeAsync(5_000)
    await settle()
    expect(server.delivered('events').map((event) => event.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `event-${i}`).filter((_, i) => i % 7),
    )
  })

  it('sends nothing while it may not, and everything once it may', async () => {
    const server = fakeServer()
    allowed = false
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 3 })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.attempts).toEqual([])
    allowed = true
    queue.flush()
    await settle()
    expect(server.delivered('responses')).toHaveLength(1)
  })

  it('forgets everything when cleared', async () => {
    const server = fakeServer()
    allowed = false
    const queue = await loadQueue()
    queue.enqueue('responses', { id: 'response-1', score: 3 })
    queue.clearQueue()
    allowed = true
    queue.flush()
    await settle()
    expect(server.attempts).toEqual([])
    expect(localStorage.getItem('heed:q')).toBe('[]')
  })

  it('sends with keepalive when the page goes, falling back to sendBeacon', async () => {
    const server = fakeServer()
    const queue = await loadQueue()
    queue.enqueue('events', anEvent('event-1'))
    queue.flush(true)
    await settle()
    expect(server.attempts[0]).toMatchObject({ path: 'events', keepalive: true })

    queue.enqueue('events', anEvent('event-2'))
    server.fetch.mockRejectedValueOnce(new TypeError('keepalive quota exceeded'))
    const sendBeacon = vi.fn(() => true)
    vi.stubGlobal('navigator', { ...navigator, sendBeacon })
    queue.flush(true)
    await settle()
    expect(sendBeacon).toHaveBeenCalledWith(
      `${HOST}/ingest/v1/events?key=pk_test`,
      expect.stringContaining('event-2'),
    )
    // A beacon the browser took is as good as sent: nothing waits any more.
    expect(localStorage.getItem('heed:q')).toBe('[]')
  })
})
