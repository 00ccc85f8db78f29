import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, jsonOf, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'

// Repetitive, so that compression has something to do, as it has on a real bundle.
const LOADER = `(()=>{${'window.heed=window.heed||function(){};'.repeat(40)}})();\n`
const UI = `export function mountSurvey(){${'return 1;'.repeat(40)}}\n`
const MAP = '{"version":3,"sources":["src/script.ts"],"mappings":"AAAA"}\n'

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer())

// The widget routes read no database; one dialect is enough to build the app.
describe.each(dialectCases().slice(0, 1))('GET /widget/*', (dialect: DialectCase) => {
  let database: HeedDatabase
  let folder: string
  let app: ReturnType<typeof testApp>

  beforeAll(async () => {
    database = await dialect.open()
    folder = mkdtempSync(join(tmpdir(), 'heed-widget-dist-'))
    writeFileSync(join(folder, 'heed.js'), LOADER)
    writeFileSync(join(folder, 'heed-ui.js'), UI)
    writeFileSync(join(folder, 'heed.js.map'), MAP)
    for (const file of ['secret.txt', 'heed.txt', 'heed.json']) {
      writeFileSync(join(folder, file), 'not part of the widget')
    }
    app = testApp(database, { widgetDir: folder })
  })
  afterAll(async () => {
    await database.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('serves heed.js as public, cacheable JavaScript for any origin', async () => {
    const res = await app.request('/widget/heed.js', { headers: { origin: 'https://shop.example.com' } })
    expect(res.status).toBe(200)
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      vary: 'Accept-Encoding',
    })
    expect(res.headers.get('etag')).toMatch(/^W\/"[\w-]{27}"$/)
    expect(res.headers.get('content-encoding')).toBeNull()
    expect((await bytesOf(res)).toString()).toBe(LOADER)
  })

  it('serves the chunk heed.js imports and a source map, each with its content type', async () => {
    const res = await app.request('/widget/heed-ui.js')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.text()).toBe(UI)
    const map = await app.request('/widget/heed.js.map')
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await map.json()).toMatchObject({ version: 3 })
  })

  it('compresses with brotli or gzip as the browser accepts, to the same bytes', async () => {
    const brotli = await app.request('/widget/heed.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    })
    expect(brotli.headers.get('content-encoding')).toBe('br')
    const brotliBytes = await bytesOf(brotli)
    expect(brotliBytes.length).toBeLessThan(LOADER.length / 4)
    expect(brotliDecompressSync(brotliBytes).toString()).toBe(LOADER)

    const gzip = await app.request('/widget/heed.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(await bytesOf(gzip)).toString()).toBe(LOADER)

    const refused = await app.request('/widget/heed.js', {
      headers: { 'accept-encoding': 'br;q=0, gzip;q=0' },
    })
    expect(refused.headers.get('content-encoding')).toBeNull()
    expect(await refused.text()).toBe(LOADER)
    // One validator for all three: each is the same file.
    expect(new Set([brotli, gzip, refused].map((res) => res.headers.get('etag'))).size).toBe(1)
  })

  it('answers a revalidation with 304 and no body while the file is unchanged', async () => {
    const etag = (await app.request('/widget/heed.js')).headers.get('etag') ?? ''
    for (const ifNoneMatch of [etag, etag.replace(/^W\//, ''), `"stale", ${etag}`]) {
      const res = await app.request('/widget/heed.js', {
        headers: { 'if-none-match': ifNoneMatch, 'accept-encoding': 'br' },
      })
      expect(res.status, ifNoneMatch).toBe(304)
      expect(res.headers.get('etag')).toBe(etag)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(res.headers.get('cache-control')).toBe('public, max-age=300')
      expect(await res.text()).toBe('')
    }
    const stale = await app.request('/widget/heed.js', { headers: { 'if-none-match': 'W/"stale"' } })
    expect(stale.status).toBe(200)
  })

  it('serves a rebuilt file at once, with a new ETag', async () => {
    const file = join(folder, 'heed-ui.js')
    const before = (await app.request('/widget/heed-ui.js')).headers.get('etag')
    const rebuilt = `${UI}// rebuilt\n`
    writeFileSync(file, rebuilt)
    // A rebuild within the same clock tick still changes the size; a later one the time as well.
    utimesSync(file, new Date(), new Date(Date.now() + 1_000))
    const res = await app.request('/widget/heed-ui.js', { headers: { 'if-none-match': before ?? '' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).not.toBe(before)
    expect(await res.text()).toBe(rebuilt)
  })

  it('answers HEAD with the headers only', async () => {
    const res = await app.request('/widget/heed.js', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await res.text()).toBe('')
  })

  it('answers 404 JSON, not cached, for a file the build lacks', async () => {
    const res = await app.request('/widget/heed-ui.js.map')
    expect(res.status).toBe(404)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const { error } = await jsonOf<ErrorJson>(res)
    expect(error.code).toBe('not_found')
    expect(error.message).toContain('heed-ui.js.map is not in the widget build')
    expect(error.message).toContain('npx -y pnpm@10 --filter @heed/widget run build')
    // The answer is public: the server's folders stay out of it.
    expect(error.message).not.toContain(folder)
  })

  it('serves nothing else from the folder', async () => {
    for (const path of [
      '/widget/secret.txt',
      '/widget/heed.txt',
      '/widget/heed.json',
      '/widget/..%2Fsecret.txt',
      '/widget/heed..%2F..%2Fsecret.txt',
      '/widget/',
      '/widget/heed.js/',
    ]) {
      const res = await app.request(path)
      expect(res.status, path).toBe(404)
      expect(await res.text(), path).not.toContain('not part of the widget')
    }
  })

  it('explains a missing build, and a server started without the widget', async () => {
    const missing = testApp(database, { widgetDir: join(folder, 'not-built') })
    const notBuilt = await missing.request('/widget/heed.js')
    expect(notBuilt.status).toBe(404)
    expect((await jsonOf<ErrorJson>(notBuilt)).error.message).toMatch(/^heed\.js is not in the widget build/)

    const without = await testApp(database).request('/widget/heed.js')
    expect(without.status).toBe(404)
    expect(await jsonOf<ErrorJson>(without)).toEqual({
      error: { code: 'not_found', message: 'this server was started without the widget' },
    })
  })
})
