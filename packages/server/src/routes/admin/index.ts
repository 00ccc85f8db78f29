import { Hono } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { rateLimit } from '../../middleware/rate-limit'
import { adminAuth } from '../../middleware/session'
import type { SessionLifetime } from '../../store/users/sessions'
import type { DestinationPolicy } from '../../webhooks/destination-policy'
import { adminUserRoutes } from '../auth/users'
import { adminAccountRoutes } from './accounts'
import { adminCaseRoutes } from './cases'
import { adminEventRoutes } from './events'
import { adminExportRoutes } from './exports'
import { adminHealthRoutes } from './health'
import { adminIngestErrorRoutes } from './ingest-errors'
import { adminStripeRoutes } from './integrations/stripe'
import { adminJobRoutes } from './jobs'
import { adminLifecycleRoutes } from './lifecycle'
import { adminPeopleRoutes } from './people'
import { adminProjectRoutes } from './project'
import { adminResponseRoutes } from './responses'
import { adminRevenueRoutes } from './revenue'
import { adminRootCauseRoutes } from './root-causes'
import { adminScoreRoutes } from './scores'
import { adminSurveyRoutes } from './surveys'
import { adminTagRoutes } from './tags'
import { adminTaxonomyRoutes } from './taxonomy'
import { adminTeamRoutes } from './team'
import { adminWebhookRoutes } from './webhooks'

export interface AdminOptions {
  database: HeedDatabase
  /** Requests per second per secret key. */
  ratePerSecond: number
  now: () => number
  /** Where webhooks may point. */
  webhookDestinations: DestinationPolicy
  /** Read X-Forwarded-Proto/-Host/-For: the server is behind a reverse proxy that sets them. */
  trustProxy: boolean
  sessionLifetime: SessionLifetime
}

/** The admin API: every route acts on the project of the secret key or the signed-in person it is called with, and no other. */
export function adminRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>()
  app.use('*', adminAuth({ ...options, lifetime: options.sessionLifetime }))
  app.use(
    '*',
    rateLimit((project) => project.id, { perSecond: options.ratePerSecond }),
  )
  app.route('/surveys', adminSurveyRoutes(options))
  app.route('/', adminProjectRoutes(options))
  app.route('/responses', adminResponseRoutes(options))
  app.route('/accounts', adminAccountRoutes(options))
  app.route('/', adminPeopleRoutes(options))
  app.route('/scores', adminScoreRoutes(options))
  app.route('/cases', adminCaseRoutes(options))
  app.route('/team', adminTeamRoutes(options))
  app.route('/root-causes', adminRootCauseRoutes(options))
  app.route('/webhooks', adminWebhookRoutes(options))
  app.route('/taxonomy', adminTaxonomyRoutes(options))
  app.route('/responses', adminTagRoutes(options))
  app.route('/', adminJobRoutes(options))
  app.route('/events', adminEventRoutes(options))
  app.route('/ingest', adminIngestErrorRoutes(options))
  app.route('/users', adminUserRoutes(options))
  app.route('/', adminRevenueRoutes(options))
  app.route('/integrations/stripe', adminStripeRoutes(options))
  app.route('/exports', adminExportRoutes(options))
  app.route('/', adminHealthRoutes(options))
  app.route('/', adminLifecycleRoutes(options))
  return app
}
