import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import packageJson from '../package.json' with { type: 'json' }
import type { HeedDatabase } from './db/open'
import { ReadBudgetExceeded } from './db/read-budget'
import type { AppEnv } from './env'
import { ApiError, queryTimedOut } from './errors'
import { receiveRequest } from './http/receive-request'
import type { Logger } from './logger'
import { failedAuthLimit } from './middleware/failed-auth'
import { requestLog } from './middleware/request-log'
import { adminRoutes } from './routes/admin'
import { dashboardRoutes } from './routes/app'
import { authRoutes } from './routes/auth'
import { demoPageRoutes } from './routes/demo'
import { ingestRoutes } from './routes/ingest'
import { stripeWebhookRoutes } from './routes/integrations/stripe'
import { openApiDocument } from './routes/openapi/document'
import { segmentRoutes } from './routes/segment'
import { widgetRoutes } from './routes/widget'
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime } from './store/users/sessions'
import { type DestinationPolicy, destinationPolicy } from './webhooks/destination-policy'

export interface AppOptions {
  database: HeedDatabase
  logger: Logger
  /**
   * Requests per second allowed per public key (ingest) and per secret key (admin); failed
   * authentications per minute per client address (authFailures).
   */
  rateLimits?: { ingest?: number; admin?: number; authFailures?: number }
  now?: () => number
  /** Where webhooks may point (see destination-policy.ts); without it, the production rule. */
  webhookDestinations?: DestinationPolicy
  /** Reverse proxies whose X-Forwarded-For names the client, for the limit on failed authentications. */
  trustedProxies?: readonly string[]
  /** The widget's build folder (packages/widget/dist), served at /widget/; without it /widget/ answers 404. */
  widgetDir?: string
  /** Behind a reverse proxy: trust its X-Forwarded-Proto, -Host and -For headers (secure cookies, addresses). */
  trustProxy?: boolean
  /** How long dashboard sessions last when idle and at most. */
  sessionLifetime?: SessionLifetime
  /** The dashboard's build folder (packages/dashboard/dist), served at /app/; without it /app/ answers 404. */
  dashboardDir?: string
  /** `heed demo` only: serves the demo host page of this project at /demo. */
  demoProjectId?: string
}

export const DEFAULT_RATE_LIMITS = { ingest: 1_000, admin: 50, authFailures: 60 }

export function createApp(options: AppOptions): Hono<AppEnv> {
  const { database, logger, now = Date.now } = options
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }
  const app = new Hono<AppEnv>()
  app.use('*', requestLog(logger))
  app.use(
    '*',
    failedAuthLimit({ perMinute: rateLimits.authFailures, now, trustedProxies: options.trustedProxies }),
  )
  app.use('*', receiveRequest())

  app.get('/health', async (c) => {
    await database.db.selectFrom('projects').select('id').limit(1).execute()
    return c.json({ ok: true, database: database.dialect })
  })
  let openApi: ReturnType<typeof openApiDocument> | undefined
  app.get('/openapi.json', (c) => {
    openApi ??= openApiDocument(packageJson.version)
    return c.json(openApi)
  })
  app.route('/ingest/v1', ingestRoutes({ database, ratePerSecond: rateLimits.ingest, now }))
  app.route('/v1', segmentRoutes({ database, ratePerSecond: rateLimits.ingest, now }))
  app.route('/integrations/stripe', stripeWebhookRoutes({ database, now }))
  app.route('/widget', widgetRoutes({ widgetDir: options.widgetDir, logger }))
  app.route('/app', dashboardRoutes({ dashboardDir: options.dashboardDir }))
  if (options.demoProjectId !== undefined) {
    app.route('/demo', demoPageRoutes({ database, projectId: options.demoProjectId }))
  }
  const webhookDestinations = options.webhookDestinations ?? destinationPolicy({ production: true })
  const trustProxy = options.trustProxy ?? false
  const sessionLifetime = options.sessionLifetime ?? DEFAULT_SESSION_LIFETIME
  app.route('/auth/v1', authRoutes({ database, now, trustProxy, lifetime: sessionLifetime }))
  app.route(
    '/admin/v1',
    adminRoutes({
      database,
      ratePerSecond: rateLimits.admin,
      now,
      webhookDestinations,
      trustProxy,
      sessionLifetime,
    }),
  )

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  )
  app.onError((caught, c) => {
    const error = caught instanceof ReadBudgetExceeded ? queryTimedOut(caught.budgetMs) : caught
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
      const issues = error.issues.length > 0 ? { issues: error.issues } : {}
      return c.json({ error: { code: error.code, message: error.message, ...issues } }, error.status)
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: { code: 'invalid_body', message: error.message } }, error.status)
    }
    const requestId = c.get('requestId')
    logger.error('unhandled error', { requestId, error: error.stack ?? String(error) })
    return c.json({ error: { code: 'internal', message: 'internal error', requestId } }, 500)
  })
  return app
}
