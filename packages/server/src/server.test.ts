import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from './env'
import { startServer } from './server'

/** An app whose /slow answer takes `ms`, to have a request in flight when the server is asked to stop. */
function slowApp(ms: number) {
  const app = new Hono<AppEnv>()
  app.get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    return c.text('done')
  })
  app.get('/quick', (c) => c.text('quick'))
  return app
}

describe('startServer', () => {
  it('listens on a free port when given 0 and says which in its URL', async () => {
    const server = await startServer({ app: slowApp(0), port: 0, host: '127.0.0.1' })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/)
      expect(await (await fetch(`${server.url}/quick`)).text()).toBe('quick')
    } finally {
      await server.close()
    }
  })

  it('finishes requests in flight on close, then refuses new connections', async () => {
    const server = await startServer({ app: slowApp(300), port: 0, host: '127.0.0.1' })
    // A keep-alive connection that was used before and is busy again when close() comes.
    await (await fetch(`${server.url}/quick`)).text()
    const inFlight = fetch(`${server.url}/slow`).then((res) => res.text())
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    const closed = server.close()
    expect(await inFlight).toBe('done')
    expect(await closed).toEqual({ forced: false })
    // Closed soon after the answer, not after the keep-alive timeout.
    expect(performance.now() - started).toBeLessThan(2_000)
    await expect(fetch(`${server.url}/quick`)).rejects.toThrow()
  })

  it('cuts requests still running at the end of the grace period', async () => {
    const server = await startServer({ app: slowApp(5_000), port: 0, host: '127.0.0.1', graceMs: 100 })
    const stuck = fetch(`${server.url}/slow`).then(
      () => 'answered',
      () => 'cut off',
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await server.close()).toEqual({ forced: true })
    expect(await stuck).toBe('cut off')
  })

  it('rejects when the port is taken', async () => {
    const first = await startServer({ app: slowApp(0), port: 0, host: '127.0.0.1' })
    try {
      const port = Number(new URL(first.url).port)
      await expect(startServer({ app: slowApp(0), port, host: '127.0.0.1' })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      })
    } finally {
      await first.close()
    }
  })
})
