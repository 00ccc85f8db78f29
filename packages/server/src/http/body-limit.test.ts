import { request } from 'node:http'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { type RunningServer, startServer } from '../server'
import { limitBody } from './body-limit'

const LIMIT = 1_000

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Sends the body in the given chunks (chunked transfer encoding unless a length is declared). */
function send(url: string, chunks: Buffer[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/echo`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString('utf8'),
        }),
      )
    })
    req.on('error', reject)
    const writeNext = (index: number) => {
      if (index === chunks.length) return req.end()
      // A pause between chunks, so that they reach the server as separate reads.
      req.write(chunks[index], () => setTimeout(() => writeNext(index + 1), 5))
    }
    writeNext(0)
  })
}

// Through a real socket: under Node the body is read from the request stream, not from a web Request.
describe('limitBody on Node', () => {
  let server: RunningServer
  beforeAll(async () => {
    const app = new Hono<AppEnv>()
    app.post('/echo', limitBody(LIMIT), (c) => c.json({ text: c.get('bodyText') }))
    app.onError((error, c) =>
      error instanceof ApiError
        ? c.json({ code: error.code }, error.status, error.headers)
        : c.json({ code: 'internal' }, 500),
    )
    server = await startServer({ app, port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await server.close()
  })

  it('reads a body that arrives in many chunks, with characters split between them', async () => {
    const text = 'Très bien 👍 '.repeat(20)
    const bytes = Buffer.from(text, 'utf8')
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7),
    )
    const answer = await send(server.url, chunks)
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ text })
  })

  it('answers 413 and closes the connection as soon as a chunked body passes the limit', async () => {
    const chunks = Array.from({ length: 30 }, () => Buffer.alloc(100, 'a'))
    const answer = await send(server.url, chunks)
    expect(answer.status).toBe(413)
    expect(answer.headers.connection).toBe('close')
    expect(JSON.parse(answer.body)).toEqual({ code: 'payload_too_large' })
  })

  it('answers 413 before reading when the declared length is over the limit', async () => {
    const answer = await send(server.url, [Buffer.alloc(LIMIT + 1, 'a')], {
      'content-length': String(LIMIT + 1),
    })
    expect(answer.status).toBe(413)
  })

  it('reads an empty body as empty text', async () => {
    const answer = await send(server.url, [], { 'content-length': '0' })
    expect(JSON.parse(answer.body)).toEqual({ text: '' })
  })
})
