import { Hono } from 'hono'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { revenueEconomicsRoutes } from './economics'
import { revenueFigureRoutes } from './figures'
import { goalRoutes } from './goals'
import { revenueLedgerRoutes } from './ledger'
import { monthlyReportRoutes } from './report'

/** Revenue retention: the ledger of MRR changes and the figures computed from it. */
export function adminRevenueRoutes(options: { database: HeedDatabase; now: () => number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.route('/', revenueLedgerRoutes(options))
  app.route('/', revenueFigureRoutes(options))
  app.route('/', revenueEconomicsRoutes(options))
  app.route('/', goalRoutes(options))
  app.route('/', monthlyReportRoutes(options))
  return app
}
