import { Hono } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { rateLimit } from '../../middleware/rate-limit'
import { secretKeyAuth } from '../../middleware/secret-key'
import { adminCaseRoutes } from './cases'
import { adminJobRoutes } from './jobs'
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
  /** Webhooks may call http:// URLs of any host, not only https:// ones and loopback (development). */
  allowPlainHttpWebhooks: boolean
}

/** The admin API: every route acts on the project of the secret key it is called with, and no other. */
export function adminRoutes(options: AdminOptions) {
  const app = new Hono<AppEnv>()
  app.use('*', secretKeyAuth(options.database))
  app.use(
    '*',
    rateLimit((project) => project.id, { perSecond: options.ratePerSecond }),
  )
  app.route('/surveys', adminSurveyRoutes(options))
  app.route('/', adminProjectRoutes(options))
  app.route('/responses', adminResponseRoutes(options))
  app.route('/', adminPeopleRoutes(options))
  app.route('/scores', adminScoreRoutes(options))
  app.route('/cases', adminCaseRoutes(options))
  app.route('/team', adminTeamRoutes(options))
  app.route('/root-causes', adminRootCauseRoutes(options))
  app.route('/webhooks', adminWebhookRoutes(options))
  app.route('/taxonomy', adminTaxonomyRoutes(options))
  app.route('/responses', adminTagRoutes(options))
  app.route('/', adminJobRoutes(options))
  app.route('/', adminRevenueRoutes(options))
  return app
}
