import { join } from 'node:path'
import { Hono } from 'hono'
import type { AppEnv } from '../../env'
import { ApiError, notFound } from '../../errors'
import { preferredCoding } from '../../http/accept-encoding'
import { matchesIfNoneMatch } from '../../http/if-none-match'
import type { Logger } from '../../logger'
import { builtFileReader } from './built-file'

/**
 * The files of the widget's build that are served: the loader `heed.js` that the snippet loads, the chunks
 * it imports from next to itself (`heed-ui.js`, …), and their source maps when the build makes them.
 */
const WIDGET_FILE = /^heed[\w-]*\.js(\.map)?$/

const contentTypeOf = (file: string) =>
  file.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8'

export interface WidgetOptions {
  /** The widget's build folder (packages/widget/dist); without one, every file answers 404. */
  widgetDir?: string
  logger: Logger
}

/**
 * Any site may load the script, and heed.js import()s its chunks: requests in CORS mode. Pages isolated
 * with Cross-Origin-Embedder-Policy: require-corp need the resource policy as well.
 */
const PUBLIC_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
}

/** Five minutes: a new build reaches every page soon, and an unchanged one costs a 304 after that. */
const CACHE_CONTROL = 'public, max-age=300'

/**
 * The widget's loader and its chunks, as the snippet on customers' pages loads them, straight from the
 * widget's build folder: with an ETag (304 when unchanged), brotli or gzip when the browser accepts it,
 * and a new build served as soon as it is written.
 */
export function widgetRoutes({ widgetDir, logger }: WidgetOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const readBuiltFile = builtFileReader()
  let reportedMissing = false

  const notBuilt = (file: string) => {
    if (file === 'heed.js' && !reportedMissing) {
      reportedMissing = true
      // The folder goes to the log only: the answer is public.
      logger.warn('the widget is not built: /widget/heed.js answers 404', { widgetDir: widgetDir ?? null })
    }
    const message =
      widgetDir === undefined
        ? 'this server was started without the widget'
        : `${file} is not in the widget build this server serves: build the widget ` +
          '(npx -y pnpm@10 --filter @heed/widget run build) or point --widget-dir at its dist folder'
    // Not cached, so the file is served as soon as it is built.
    return new ApiError(404, 'not_found', message, [], { ...PUBLIC_HEADERS, 'Cache-Control': 'no-store' })
  }

  app.get('/:file', async (c) => {
    const file = c.req.param('file')
    // Only the widget's own files: nothing else in the folder, and no way out of it.
    if (!WIDGET_FILE.test(file)) throw notFound(`/widget/${file}`)
    const built = widgetDir === undefined ? undefined : await readBuiltFile(join(widgetDir, file))
    if (!built) throw notBuilt(file)
    for (const [header, value] of Object.entries(PUBLIC_HEADERS)) c.header(header, value)
    c.header('Cache-Control', CACHE_CONTROL)
    c.header('ETag', built.etag)
    c.header('Vary', 'Accept-Encoding')
    if (matchesIfNoneMatch(c.req.header('if-none-match'), built.etag)) return c.body(null, 304)
    const coding = preferredCoding(c.req.header('accept-encoding'))
    if (coding !== 'identity') c.header('Content-Encoding', coding)
    c.header('Content-Type', contentTypeOf(file))
    c.header('X-Content-Type-Options', 'nosniff')
    return c.body(built.bodies[coding])
  })
  return app
}
