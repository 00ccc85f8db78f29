import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HostPageServer {
  /** The page's origin, e.g. http://127.0.0.1:41234: another origin than Heed's server. */
  origin: string
  /** Sets the HTML served at /. */
  serve(html: string): void
  close(): Promise<void>
}

/** A customer's site in miniature: one HTML page at /, on its own port of 127.0.0.1. */
export async function startHostPageServer(): Promise<HostPageServer> {
  let page: string | undefined
  const server = createServer((request, response) => {
    if (request.url !== '/' || page === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    response.end(page)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    serve(html) {
      page = html
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
