import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../errors'
import { decodeContent } from './content-encoding'

const text = JSON.stringify({ batch: [{ type: 'track', event: 'Zipped' }] })
const body = Buffer.from(text)

const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code }
    throw error
  }
  throw new Error('expected a refusal')
}

describe('decodeContent', () => {
  it('undoes gzip, zlib and raw deflate, br, and several codings in reverse order', () => {
    expect(decodeContent(gzipSync(body), 'gzip', 1_000).toString()).toBe(text)
    expect(decodeContent(gzipSync(body), 'x-gzip', 1_000).toString()).toBe(text)
    expect(decodeContent(deflateSync(body), 'deflate', 1_000).toString()).toBe(text)
    expect(decodeContent(deflateRawSync(body), 'deflate', 1_000).toString()).toBe(text)
    expect(decodeContent(brotliCompressSync(body), 'br', 1_000).toString()).toBe(text)
    expect(decodeContent(gzipSync(deflateSync(body)), 'deflate, gzip', 1_000).toString()).toBe(text)
    expect(decodeContent(body, 'identity', 1_000)).toBe(body)
    expect(decodeContent(body, undefined, 1_000)).toBe(body)
  })

  it('refuses what inflates past the bound with 413, bad data with 400, and unknown codings with 415', () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 32))
    expect(refusal(() => decodeContent(bomb, 'gzip', 500 * 1024))).toEqual({
      status: 413,
      code: 'payload_too_large',
    })
    expect(refusal(() => decodeContent(deflateSync(Buffer.alloc(2_000)), 'deflate', 1_000)).status).toBe(413)
    expect(refusal(() => decodeContent(body, 'gzip', 1_000))).toEqual({ status: 400, code: 'invalid_body' })
    expect(refusal(() => decodeContent(body, 'compress', 1_000))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    })
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(refusal(() => decodeContent(body, name, 1_000))).toEqual({
        status: 415,
        code: 'unsupported_media_type',
      })
    }
  })
})
