import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { ContentCoding } from './accept-encoding'
import { TtlCache } from './ttl-cache'

const gzipped = promisify(gzip)
const brotlied = promisify(brotliCompress)
const encoder = new TextEncoder()

/** Below this, compression saves less than its header costs. */
export const MIN_COMPRESSED_BYTES = 256

/** An answer's bytes and the coding they are in. */
export interface EncodedBody {
  coding: ContentCoding
  body: Uint8Array<ArrayBuffer>
}

/**
 * A JSON or text answer in the coding a client asked for, compressed once per content (named by its entity
 * tag) and coding and then kept: many clients ask for the same answer, which changes rarely, so brotli's
 * best quality is paid once, off the main thread. Short bodies are sent as they are.
 */
export function compressedBodies(
  ttlMs = 60_000,
): (etag: string, text: string, coding: ContentCoding) => Promise<EncodedBody> {
  const cache = new TtlCache<string, Uint8Array<ArrayBuffer>>(ttlMs, 1_000)
  return async (etag, text, coding) => {
    if (coding === 'identity' || Buffer.byteLength(text) < MIN_COMPRESSED_BYTES)
      return { coding: 'identity', body: encoder.encode(text) }
    const body = await cache.get(`${coding} ${etag}`, () => compress(text, coding))
    return { coding, body }
  }
}

async function compress(text: string, coding: 'br' | 'gzip'): Promise<Uint8Array<ArrayBuffer>> {
  const content = Buffer.from(text, 'utf8')
  const compressed =
    coding === 'gzip'
      ? await gzipped(content, { level: 9 })
      : await brotlied(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        })
  // Memory of its own: a Buffer may be a view into a larger pool, which a response would hold on to.
  return new Uint8Array(compressed)
}
