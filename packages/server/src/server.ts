import { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { Hono } from 'hono'
import type { AppEnv } from './env'

export interface ServerOptions {
  app: Hono<AppEnv>
  /** 0 lets the system pick a free port; `url` then tells which. */
  port: number
  host: string
  /** How long `close()` waits for requests in flight before cutting their connections. */
  graceMs?: number
}

export interface RunningServer {
  /** Where the server answers, e.g. http://127.0.0.1:3000 (the real port when 0 was asked for). */
  url: string
  /**
   * Stops accepting connections and resolves once the requests in flight have been answered, or once the
   * grace period is over and their connections have been cut. `forced` says which happened.
   */
  close(): Promise<{ forced: boolean }>
}

const DEFAULT_GRACE_MS = 10_000

/** Serves the app over HTTP/1.1; resolves when it listens, rejects when it cannot (port in use, bad host). */
export function startServer({
  app,
  port,
  host,
  graceMs = DEFAULT_GRACE_MS,
}: ServerOptions): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch: app.fetch })
  // Without an explicit createServer option the adaptor makes a plain node:http server.
  if (!(server instanceof Server)) throw new Error('expected a node:http server')
  let closing = false
  // close() drops the keep-alive connections that are idle at that moment; one that was busy would idle
  // afterwards and hold the server open until its keep-alive timeout, so it is dropped once answered.
  server.on('request', (_request, response) => {
    response.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections())
    })
  })
  let closed: Promise<{ forced: boolean }> | undefined
  const close = () => {
    closing = true
    // Both signal handlers and callers may ask; the second caller waits for the same shutdown.
    closed ??= closeGracefully(server, graceMs)
    return closed
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const { port: actualPort } = server.address() as AddressInfo
      resolve({ url: `http://${urlHost(host)}:${actualPort}`, close })
    })
  })
}

function closeGracefully(server: Server, graceMs: number): Promise<{ forced: boolean }> {
  return new Promise((resolve, reject) => {
    let forced = false
    const deadline = setTimeout(() => {
      forced = true
      server.closeAllConnections()
    }, graceMs)
    // Refuses new connections and drops idle ones; the callback runs when the last busy one has ended.
    server.close((error) => {
      clearTimeout(deadline)
      if (error) reject(error)
      else resolve({ forced })
    })
  })
}

/** IPv6 literals go in brackets in a URL; the unspecified addresses are reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
