import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
  /** The status the receiver answered with. */
  status: number
}

export interface WebhookReceiver {
  url: string
  /** Every request, in arrival order. */
  received: ReceivedRequest[]
  close(): Promise<void>
}

/**
 * A real HTTP receiver on 127.0.0.1. `answer` chooses each request's status from the request and how many
 * requests with the same X-Heed-Delivery id came before it.
 */
export function startWebhookReceiver(
  answer: (request: { headers: IncomingHttpHeaders; body: string }, earlier: number) => number = () => 204,
): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const delivery = request.headers['x-heed-delivery']
      const earlier = received.filter((r) => r.headers['x-heed-delivery'] === delivery).length
      const status = answer({ headers: request.headers, body }, earlier)
      received.push({ headers: request.headers, body, status })
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? '' : 'receiver says no')
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}/hooks`,
        received,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
