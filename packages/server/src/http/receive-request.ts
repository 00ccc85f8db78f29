import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { invalidField } from '../errors'
import { MAX_BODY_BYTES, readLimited } from './body-limit'
import { requestHeader } from './request-header'

/**
 * Receives the whole request before any route sees it, so that no route acts on a request that is then
 * refused. Node hands a request over as soon as its headers are parsed; a body it cannot frame
 * (`Transfer-Encoding: gzip`, a bad chunk) makes it answer 400 later, while a route that reads no body (a
 * key rotation, a pause, a delete) has already done its work. So framing is checked here, and a body, when
 * there is one, is read whole (within `MAX_BODY_BYTES`) and kept for `limitBody`.
 */
export function receiveRequest(): MiddlewareHandler<AppEnv> {
  return async function receivedRequest(c, next) {
    const transferEncoding = requestHeader(c, 'transfer-encoding')
    const contentLength = requestHeader(c, 'content-length')
    if (transferEncoding !== undefined) {
      // RFC 9112 §6.3: without `chunked` last, a request's body length cannot be known.
      const codings = transferEncoding.split(',').map((coding) => coding.trim().toLowerCase())
      if (codings.at(-1) !== 'chunked') {
        throw invalidField('transfer-encoding', 'must end with chunked (send compressed bodies chunked)')
      }
      if (contentLength !== undefined) {
        throw invalidField('content-length', 'must not be sent with Transfer-Encoding')
      }
    }
    if (hasBody(c, transferEncoding, contentLength)) c.set('body', await readLimited(c, MAX_BODY_BYTES))
    await next()
  }
}

function hasBody(c: Context<AppEnv>, transferEncoding?: string, contentLength?: string): boolean {
  if (!c.env?.incoming) return c.req.raw.body !== null
  return transferEncoding !== undefined || (contentLength !== undefined && contentLength !== '0')
}
