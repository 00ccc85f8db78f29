import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import { ApiError } from '../errors'

type Decoder = (body: Buffer, options: { maxOutputLength: number }) => Buffer

/**
 * `deflate` is meant to be zlib-wrapped (RFC 9110), but some clients send raw deflate data: both are read.
 */
const inflateEither: Decoder = (body, options) => {
  try {
    return inflateSync(body, options)
  } catch (error) {
    if (isTooLarge(error)) throw error
    return inflateRawSync(body, options)
  }
}

// A Map, so a coding named after an Object.prototype property ("constructor") finds no decoder.
const DECODERS = new Map<string, Decoder>([
  ['gzip', gunzipSync],
  ['x-gzip', gunzipSync],
  ['deflate', inflateEither],
  ['br', brotliDecompressSync],
])

const isTooLarge = (error: unknown) =>
  error instanceof RangeError || (error as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE'

/**
 * The body as sent before `Content-Encoding` compressed it (gzip, deflate or br; several codings are undone
 * in reverse order). The decompressed body is bounded by `maxSize` like an uncompressed one: zlib stops at
 * the bound, so a small body that inflates to gigabytes (a zip bomb) is a 413 and never held in memory.
 */
export function decodeContent(body: Buffer, contentEncoding: string | undefined, maxSize: number): Buffer {
  if (contentEncoding === undefined) return body
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
  let decoded = body
  for (const coding of codings.reverse()) {
    const decoder = DECODERS.get(coding)
    if (!decoder) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        `Content-Encoding ${coding} is not supported: send gzip, deflate, br or none`,
        [{ field: 'Content-Encoding', message: 'must be gzip, deflate, br or identity' }],
      )
    }
    try {
      decoded = decoder(decoded, { maxOutputLength: maxSize })
    } catch (error) {
      if (isTooLarge(error)) {
        throw new ApiError(
          413,
          'payload_too_large',
          `the body must be at most ${maxSize} bytes once decompressed`,
          [{ field: 'body', message: `must be at most ${maxSize} bytes once decompressed` }],
        )
      }
      throw new ApiError(400, 'invalid_body', `the body is not valid ${coding} data`, [
        { field: 'body', message: `is not valid ${coding} data` },
      ])
    }
  }
  return decoded
}
