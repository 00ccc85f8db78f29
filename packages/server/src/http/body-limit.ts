import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodeContent } from './content-encoding'
import { requestHeader } from './request-header'

/** The largest body any route accepts (a survey definition, an event batch); `limitBody` bounds each route. */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * How much of a body over the limit is read and thrown away before the 413 is sent. A client that writes
 * its whole body before reading the answer (most do) would otherwise find the connection closed under it,
 * and its system reports the reset, not the 413. Beyond this the connection is closed without waiting.
 */
export const DRAIN_BYTES = 16 * 1024 * 1024

// The connection closes after the answer: whatever else the client sends is not read.
const tooLarge = (maxSize: number) =>
  new ApiError(
    413,
    'payload_too_large',
    `the body must be at most ${maxSize} bytes`,
    [{ field: 'body', message: `must be at most ${maxSize} bytes` }],
    { Connection: 'close' },
  )

/**
 * Bounds a route's body to `maxSize` bytes (413 beyond), undoes its `Content-Encoding` within the same
 * bound, and keeps its text for `readBody`. `receiveRequest` has already read the body whole, within
 * `MAX_BODY_BYTES`, before any route ran.
 */
export const limitBody = (maxSize: number): MiddlewareHandler<AppEnv> => {
  if (maxSize > MAX_BODY_BYTES)
    throw new Error(`a route's body limit must be at most ${MAX_BODY_BYTES} bytes`)
  return async function limitedBody(c, next) {
    const body = c.get('body')
    if (body !== undefined && body.length > maxSize) throw tooLarge(maxSize)
    const decoded =
      body === undefined ? undefined : decodeContent(body, requestHeader(c, 'content-encoding'), maxSize)
    c.set('bodyText', decoded === undefined ? '' : decoded.toString('utf8'))
    await next()
  }
}

/**
 * Reads the whole body, refusing more than `maxSize` bytes with a 413 sent once the rest is drained (up to
 * `DRAIN_BYTES`). Under Node it reads the socket's stream directly: building a web Request and stream for
 * every ingest call cost more than the rest of the request.
 */
export async function readLimited(c: Context<AppEnv>, maxSize: number): Promise<Buffer> {
  const declared = Number(requestHeader(c, 'content-length') ?? 0)
  const incoming = c.env?.incoming
  if (incoming) {
    if (declared > DRAIN_BYTES) throw tooLarge(maxSize)
    return readIncoming(incoming, maxSize)
  }
  if (declared > maxSize) throw tooLarge(maxSize)
  const source = c.req.raw.body
  if (!source) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of source) {
    size += chunk.byteLength
    if (size > maxSize) throw tooLarge(maxSize)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** With listeners rather than `for await`, whose async iterator allocated more than the body itself. */
function readIncoming(incoming: IncomingMessage, maxSize: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', cutOff)
      incoming.off('close', cutOff)
    }
    const refuse = () => {
      stop()
      // Whatever still arrives is discarded until the 413 is sent and the connection closed.
      incoming.resume()
      reject(tooLarge(maxSize))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxSize) {
        chunks.push(chunk)
        return
      }
      // Over the limit: nothing of it is kept, and past the drain bound nothing more is waited for.
      chunks.length = 0
      if (size > DRAIN_BYTES) refuse()
    }
    const onEnd = () => {
      if (size > maxSize) return refuse()
      stop()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    }
    // A body cut off (the client went away, or Node refused its framing) is not received: a client's doing,
    // answered (if anyone still listens) as a bad request, not logged as the server's error.
    const cutOff = () => {
      stop()
      reject(new ApiError(400, 'invalid_body', 'the body ended before it was complete'))
    }
    if (incoming.destroyed) return cutOff()
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', cutOff)
    incoming.on('close', cutOff)
  })
}
