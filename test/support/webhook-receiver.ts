import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
  status: number
  at: number
}

/**
 * A real HTTP receiver on 127.0.0.1 that keeps its port when it goes down and comes back, as a customer's
 * endpoint does during an outage. `answer` picks each request's status; it can be changed at any time.
 */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = []
  answer: (headers: IncomingHttpHeaders) => number = () => 200
  #server: Server | undefined
  #port = 0

  get url(): string {
    return `http://127.0.0.1:${this.#port}/heed-alerts`
  }

  /** Listens on the port it had before, or a free one the first time. */
  up(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const status = this.answer(request.headers)
        const body = Buffer.concat(chunks).toString('utf8')
        this.received.push({ headers: request.headers, body, status, at: Date.now() })
        response.writeHead(status).end()
      })
    })
    this.#server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#port, '127.0.0.1', () => {
        this.#port = (server.address() as AddressInfo).port
        resolve()
      })
    })
  }

  /** Closes the port and every connection: the sender sees "connection refused" until `up()` again. */
  down(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (!server) return Promise.resolve()
    return new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
}
