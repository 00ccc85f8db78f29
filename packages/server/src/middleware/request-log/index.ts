import { randomBytes } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env'
import { setResponseHeader } from '../../http/response-header'
import type { Logger } from '../../logger'

/**
 * Gives each request an id (echoed as X-Request-Id) and logs one line when it ends. Logs the path only:
 * query strings can carry the public key, and headers carry secret keys.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  // Unique per process and cheap: a random prefix per logger and a counter.
  const instance = randomBytes(4).toString('hex')
  let counter = 0
  return async function requestLogger(c, next) {
    const requestId = `${instance}-${(++counter).toString(36)}`
    c.set('requestId', requestId)
    // Set before the handler answers: changing a finished response makes Hono rebuild it as a web Response.
    setResponseHeader(c, 'X-Request-Id', requestId)
    const started = performance.now()
    await next()
    const status = c.res.status
    // Ingest successes are the bulk of the traffic; they are logged at debug level to keep logs readable,
    // and their line is not even built unless debug lines are written.
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug'
    if (!logger.enabled(level)) return
    logger[level]('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    })
  }
}
