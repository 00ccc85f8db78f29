import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { decodeContent } from './content-encoding'
import { requestHeader } from './request-header'

// The connection closes after the answer: the rest of the body is never read.
const tooLarge = (maxSize: number) =>
  new ApiError(
    413,
    'payload_too_large',
    `the body must be at most ${maxSize} bytes`,
    [{ field: 'body', message: `must be at most ${maxSize} bytes` }],
    { Connection: 'close' },
  )

/**
 * Reads the body once, refusing more than `maxSize` bytes (413) before reading further, undoes its
 * `Content-Encoding` within the same bound, and keeps the text for `readBody`. Under Node it reads the socket's stream directly: building a web Request and stream for
 * every ingest call cost more than the rest of the request.
 */
export const limitBody = (maxSize: number): MiddlewareHandler<AppEnv> =>
  async function limitedBody(c, next) {
    const body = decodeContent(await readLimited(c, maxSize), requestHeader(c, 'content-encoding'), maxSize)
    c.set('bodyText', body.toString('utf8'))
    await next()
  }

async function readLimited(c: Context<AppEnv>, maxSize: number): Promise<Buffer> {
  const declared = requestHeader(c, 'content-length')
  if (declared !== undefined && Number(declared) > maxSize) throw tooLarge(maxSize)
  if (c.env?.incoming) return readIncoming(c.env.incoming, maxSize)
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
      incoming.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxSize) chunks.push(chunk)
      else {
        stop()
        // Discards what else arrives until the 413 is sent and the connection closed.
        incoming.resume()
        reject(tooLarge(maxSize))
      }
    }
    const onEnd = () => {
      stop()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
  })
}
