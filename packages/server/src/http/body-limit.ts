import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

const tooLarge = (maxSize: number) =>
  new ApiError(413, 'payload_too_large', `the body must be at most ${maxSize} bytes`, [
    { field: 'body', message: `must be at most ${maxSize} bytes` },
  ])

/**
 * Reads the body once, refusing more than `maxSize` bytes (413) before reading further, and keeps the text
 * for `readBody`. Under Node it reads the socket's stream directly: building a web Request and stream for
 * every ingest call cost more than the rest of the request.
 */
export const limitBody = (maxSize: number): MiddlewareHandler<AppEnv> =>
  async function limitedBody(c, next) {
    c.set('bodyText', await readLimited(c, maxSize))
    await next()
  }

async function readLimited(c: Context<AppEnv>, maxSize: number): Promise<string> {
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) > maxSize) throw tooLarge(maxSize)
  const source: AsyncIterable<Uint8Array> | null = c.env?.incoming ?? c.req.raw.body
  if (!source) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of source) {
    size += chunk.byteLength
    if (size > maxSize) throw tooLarge(maxSize)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
