import { PERIOD_UNITS } from '@heed/shared/periods/period'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { addBookCounts, type BookCounts, bookFigures, emptyBookCounts } from '@heed/shared/team/book'
import { addPeriodCounts, emptyPeriodCounts, periodFigures } from '@heed/shared/team/metrics'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { readQuery } from '../../http/read-query'
import { ExchangeRates } from '../../store/revenue/exchange'
import { monthOf } from '../../store/revenue/months'
import { reportingCurrency } from '../../store/revenue/settings'
import { countBooks } from '../../store/team-metrics/book'
import { countOwnerPeriods } from '../../store/team-metrics/periods'
import { rangeOf, trendPeriods, ZTimeZone } from './scores'

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

export const ZTeamMetricsQuery = z.strictObject({
  period: z.enum(PERIOD_UNITS).default('month'),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  timeZone: ZTimeZone.optional(),
})

/** Owners sorted by e-mail, the accounts without one (null) last. */
const byOwner = (a: string | null, b: string | null) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0

/**
 * The CS team's own metrics: per CS manager (an account's `owner` trait) and for the whole team, the book as
 * it is now (accounts, MRR, health bands, contact coverage) and, per period, participation, follow-up within
 * SLA, root-cause share, first-contact resolution and median hours to first contact. Definitions: shared/team.
 */
export function adminTeamMetricsRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const project = c.get('project')
    const query = readQuery(c.req.queries(), ZTeamMetricsQuery)
    const at = now()
    const timeZone = query.timeZone ?? project.timeZone
    const periods = trendPeriods(rangeOf(query, at), query.period, timeZone)
    const bounds = [...periods.map((period) => period.start.getTime()), periods.at(-1)?.end.getTime() ?? at]
    const reporting = await reportingCurrency(database, project.id)
    const rates = await ExchangeRates.load(database, project.id, reporting)
    const [books, owned] = await Promise.all([
      countBooks(database, project.id, { now: at, month: monthOf(at, project.timeZone), rates }),
      countOwnerPeriods(database, project.id, bounds),
    ])
    const owners = [...new Set([...books.keys(), ...owned.keys()])].sort(byOwner)
    const countsOf = (owner: string | null) => owned.get(owner) ?? periods.map(() => emptyPeriodCounts())
    const bookJson = (counts: BookCounts) => ({ ...bookFigures(counts), currency: reporting })
    return c.json({
      period: query.period,
      timeZone,
      team: {
        book: bookJson(addBookCounts([...books.values()])),
        periods: periods.map((period, index) => ({
          label: period.label,
          start: period.start.toISOString(),
          end: period.end.toISOString(),
          ...periodFigures(
            addPeriodCounts(owners.map((owner) => countsOf(owner)[index] ?? emptyPeriodCounts())),
          ),
        })),
      },
      owners: owners.map((owner) => ({
        owner,
        book: bookJson(books.get(owner) ?? emptyBookCounts()),
        periods: periods.map((period, index) => ({
          label: period.label,
          ...periodFigures(countsOf(owner)[index] ?? emptyPeriodCounts()),
        })),
      })),
    })
  })

  return app
}
