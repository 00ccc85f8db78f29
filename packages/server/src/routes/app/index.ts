import { join } from 'node:path'
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../../env'
import { ApiError, notFound } from '../../errors'
import { preferredCoding } from '../../http/accept-encoding'
import { matchesIfNoneMatch } from '../../http/if-none-match'
import { type BuiltFile, builtFileReader } from '../widget/built-file'

/** Built assets are named by their content's hash (`assets/index-3f9a1c.js`): they never change. */
const HASHED_ASSET = /^assets\/[\w-]+-[\w]{8,}\.(js|css|js\.map)$/
/** Other files the build puts at the top of dist/, besides index.html. */
const TOP_FILE = /^[\w-]+\.(svg|png|ico|txt|webmanifest)$/

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
  webmanifest: 'application/manifest+json',
}

/**
 * The page itself: no framing by other sites, no inline scripts, and only this server to talk to. Styles
 * allow inline attributes, which the charts library sets.
 */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
}

export interface DashboardOptions {
  /** The dashboard's build folder (packages/dashboard/dist); without it, /app/ answers 404. */
  dashboardDir?: string
}

/**
 * The dashboard at /app/: its hashed assets cached for a year, and index.html, which names them, for every
 * other path under /app/ (the dashboard routes in the browser), revalidated on each load so a new build is
 * picked up at once. Compressed with brotli or gzip when the browser takes it.
 */
export function dashboardRoutes({ dashboardDir }: DashboardOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const readBuiltFile = builtFileReader()

  const send = (c: Context<AppEnv>, built: BuiltFile, file: string, cacheControl: string) => {
    c.header('Cache-Control', cacheControl)
    c.header('ETag', built.etag)
    c.header('Vary', 'Accept-Encoding')
    c.header('X-Content-Type-Options', 'nosniff')
    if (matchesIfNoneMatch(c.req.header('if-none-match'), built.etag)) return c.body(null, 304)
    const coding = preferredCoding(c.req.header('accept-encoding'))
    if (coding !== 'identity') c.header('Content-Encoding', coding)
    c.header('Content-Type', CONTENT_TYPES[file.split('.').at(-1) ?? ''] ?? 'application/octet-stream')
    return c.body(built.bodies[coding])
  }

  const notBuilt = () =>
    new ApiError(
      404,
      'not_found',
      dashboardDir === undefined
        ? 'this server was started without the dashboard'
        : 'the dashboard is not built: npx -y pnpm@10 --filter @heed/dashboard run build',
      [],
      { 'Cache-Control': 'no-store' },
    )

  app.get('/*', async (c) => {
    // The page's links and the router's scope are under /app/.
    if (c.req.path === '/app') return c.redirect('/app/', 301)
    const path = c.req.path.replace(/^\/app\//, '')
    if (HASHED_ASSET.test(path) || TOP_FILE.test(path)) {
      const built = dashboardDir === undefined ? undefined : await readBuiltFile(join(dashboardDir, path))
      if (!built) throw notFound(`/app/${path}`)
      const immutable = HASHED_ASSET.test(path)
      return send(c, built, path, immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
    }
    // Anything that looks like a file but is not one of the build's is a 404, not the page.
    if (path.startsWith('assets/')) throw notFound(`/app/${path}`)
    const page =
      dashboardDir === undefined ? undefined : await readBuiltFile(join(dashboardDir, 'index.html'))
    if (!page) throw notBuilt()
    for (const [header, value] of Object.entries(PAGE_HEADERS)) c.header(header, value)
    return send(c, page, 'index.html', 'no-cache')
  })
  return app
}
