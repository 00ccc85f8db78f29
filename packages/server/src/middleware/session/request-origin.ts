import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { requestHeader } from '../../http/request-header'

/**
 * Where the request came from and how, as far as this server can tell. Behind a reverse proxy the socket
 * and the URL are the proxy's: its X-Forwarded-* headers are read only when the proxy is trusted
 * (`trustProxy`), since anyone can send them.
 */
export interface ProxyTrust {
  trustProxy: boolean
}

const lastOf = (list: string | undefined) => list?.split(',').at(-1)?.trim() || undefined

/** Whether the browser reached us over https: the URL's scheme, or the trusted proxy's X-Forwarded-Proto. */
export function isHttps(c: Context<AppEnv>, { trustProxy }: ProxyTrust): boolean {
  const forwarded = trustProxy ? lastOf(requestHeader(c, 'x-forwarded-proto')) : undefined
  return (forwarded ?? new URL(c.req.url).protocol.replace(':', '')) === 'https'
}

/** The origin the browser sees this server at, e.g. `https://heed.example.com`. */
export function ownOrigin(c: Context<AppEnv>, trust: ProxyTrust): string {
  const url = new URL(c.req.url)
  const host = (trust.trustProxy ? lastOf(requestHeader(c, 'x-forwarded-host')) : undefined) ?? url.host
  return `${isHttps(c, trust) ? 'https' : 'http'}://${host}`
}

/**
 * The client's address: the socket's peer, or the address the trusted proxy appended last to
 * X-Forwarded-For (the ones before it are whatever the client chose to send). `unknown` under `app.request()`.
 */
export function clientAddress(c: Context<AppEnv>, { trustProxy }: ProxyTrust): string {
  const forwarded = trustProxy ? lastOf(requestHeader(c, 'x-forwarded-for')) : undefined
  return forwarded ?? c.env?.incoming?.socket.remoteAddress ?? 'unknown'
}
