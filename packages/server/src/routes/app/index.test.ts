import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'

// The routes read no database: a stand-in that would fail loudly if they did.
const noDatabase = {} as HeedDatabase

describe('the dashboard at /app/', () => {
  const dist = mkdtempSync(join(tmpdir(), 'heed-dashboard-'))
  mkdirSync(join(dist, 'assets'))
  const page =
    '<!doctype html><title>Heed</title><script type="module" src="/app/assets/index-abc12345.js"></script>'
  writeFileSync(join(dist, 'index.html'), page)
  writeFileSync(join(dist, 'assets', 'index-abc12345.js'), 'console.log("dashboard")'.repeat(50))
  writeFileSync(join(dist, 'secret.json'), '{}')
  afterAll(() => rmSync(dist, { recursive: true, force: true }))
  const app = createApp({ database: noDatabase, logger: createLogger('silent'), dashboardDir: dist })

  it('serves index.html for every page path, revalidated, with a strict content security policy', async () => {
    for (const path of ['/app/', '/app/cases', '/app/cases/cas_1', '/app/responses?survey=x']) {
      const response = await app.request(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(response.headers.get('cache-control')).toBe('no-cache')
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(await response.text()).toBe(page)
    }
    const bare = await app.request('/app')
    expect(bare.status).toBe(301)
    expect(bare.headers.get('location')).toBe('/app/')
  })

  it('serves hashed assets for a year, compressed, with a 304 when unchanged', async () => {
    const response = await app.request('/app/assets/index-abc12345.js', {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toContain('dashboard')
    const etag = response.headers.get('etag') ?? ''
    const again = await app.request('/app/assets/index-abc12345.js', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })

  it('answers 404 for assets and files that are not the build', async () => {
    expect((await app.request('/app/assets/missing-abc12345.js')).status).toBe(404)
    // Other files of the folder are never sent: such paths are pages of the dashboard.
    for (const path of ['/app/assets/../secret.json', '/app/secret.json', '/app/%2e%2e/secret.json']) {
      expect(await (await app.request(path)).text(), path).not.toBe('{}')
    }
    expect((await app.request('/app/assets/other.txt')).status).toBe(404)
  })

  it('says how to build the dashboard when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'heed-dashboard-empty-'))
    try {
      const bare = createApp({ database: noDatabase, logger: createLogger('silent'), dashboardDir: empty })
      const response = await bare.request('/app/')
      expect(response.status).toBe(404)
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        '--filter @heed/dashboard run build',
      )
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
