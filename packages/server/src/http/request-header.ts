import type { Context } from 'hono'
import type { AppEnv } from '../env'

/**
 * A request header, from the headers Node already parsed when there are any. Hono's `c.req.header` asks
 * the web Request for it, which under @hono/node-server builds a `Headers` object from every header of
 * the request: an eighth of what an ingest request allocated.
 */
export function requestHeader(c: Context<AppEnv>, name: Lowercase<string>): string | undefined {
  const incoming = c.env?.incoming
  if (!incoming) return c.req.header(name)
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
