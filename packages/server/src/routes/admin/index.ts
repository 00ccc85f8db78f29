import { Hono } from 'hono'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { rateLimit } from '../../middleware/rate-limit'
import { secretKeyAuth } from '../../middleware/secret-key'
import { adminPeopleRoutes } from './people'
import { adminProjectRoutes } from './project'
import { adminResponseRoutes } from './responses'
import { adminScoreRoutes } from './scores'
import { adminSurveyRoutes } from './surveys'

export interface AdminOptions {
  database: HeedDatabase
  /** Requests per second per secret key. */
  ratePerSecond: number
  now: () => number
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
  return app
}
