import type { Context } from 'hono'
import type { AppEnv } from '../env'

/**
 * Sets a header of the response, whatever answer the request ends with (errors too), on Node's response
 * when there is one: Node merges it into the head it writes. Hono's `c.header` keeps headers in a web
 * `Headers` object, which @hono/node-server then converts back for Node; on every ingest request that was
 * a fifth of the allocations. For the headers middleware sets on every request.
 */
export function setResponseHeader(c: Context<AppEnv>, name: string, value: string): void {
  const outgoing = c.env?.outgoing
  if (outgoing) outgoing.setHeader(name, value)
  else c.header(name, value)
}
