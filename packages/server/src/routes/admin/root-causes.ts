import { PERIOD_UNITS } from '@heed/shared/periods/period'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { readQuery } from '../../http/read-query'
import {
  emptyRootCauseStats,
  RECOVERY_SCORE,
  type RootCauseStats,
  rootCauseStats,
} from '../../store/case-analytics'
import { loadTaxonomy } from '../../store/taxonomy'
import { chooseSurveys, rangeOf, resolveSurveys, scopeParameters, trendPeriods, ZTimeZone } from './scores'

export const ZRootCauseQuery = z
  .strictObject({
    ...scopeParameters,
    /** Also split the range into calendar periods. */
    period: z.enum(PERIOD_UNITS).optional(),
    /** The periods' zone; the project's by default. */
    timeZone: ZTimeZone.optional(),
  })
  .transform(chooseSurveys)

/** Root causes with the taxonomy's labels; a key since removed from the taxonomy is its own label. */
function labelled(stats: RootCauseStats, labels: ReadonlyMap<string, string>) {
  const label = (key: string) => labels.get(key) ?? key
  return {
    ...stats,
    pareto: stats.pareto.map((entry) => ({ ...entry, label: label(entry.rootCause) })),
    impact: stats.impact.map((entry) => ({ ...entry, label: label(entry.rootCause) })),
  }
}

/**
 * Why customers are unhappy and how the follow-up goes, over a range of answers and optionally per period:
 * the Pareto of root causes, how many detractors have one, follow-up within the SLA, median times to first
 * contact and resolution, recovered customers, and what each root cause costs the score.
 */
export function adminRootCauseRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const query = readQuery(c.req.queries(), ZRootCauseQuery)
    const project = c.get('project')
    const [{ kind, surveyIds }, taxonomy] = await Promise.all([
      resolveSurveys(database, project.id, query.surveys),
      loadTaxonomy(database, project.id),
    ])
    const labels = new Map(taxonomy.map((theme) => [theme.key, theme.label]))
    const range = rangeOf(query, now())
    const scope = { projectId: project.id, kind, surveyIds }

    if (query.period === undefined) {
      const [totals] = await rootCauseStats(database, { ...scope, bounds: [range.from, range.to] })
      return c.json({
        kind,
        surveyIds,
        from: new Date(range.from).toISOString(),
        to: new Date(range.to).toISOString(),
        recoveryScore: RECOVERY_SCORE[kind],
        totals: labelled(totals ?? emptyRootCauseStats(), labels),
      })
    }

    // Whole periods: the totals cover the same answers as the periods together.
    const timeZone = query.timeZone ?? project.timeZone
    const periods = trendPeriods(range, query.period, timeZone)
    const bounds = periods.map((period) => period.start.getTime())
    const last = periods.at(-1)
    if (last) bounds.push(last.end.getTime())
    const [[totals], byPeriod] = await Promise.all([
      rootCauseStats(database, { ...scope, bounds: [bounds[0] ?? range.from, bounds.at(-1) ?? range.to] }),
      rootCauseStats(database, { ...scope, bounds }),
    ])
    return c.json({
      kind,
      surveyIds,
      from: periods[0]?.start.toISOString(),
      to: last?.end.toISOString(),
      period: query.period,
      timeZone,
      recoveryScore: RECOVERY_SCORE[kind],
      totals: labelled(totals ?? emptyRootCauseStats(), labels),
      periods: periods.map((period, index) => ({
        label: period.label,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        ...labelled(byPeriod[index] ?? emptyRootCauseStats(), labels),
      })),
    })
  })

  return app
}
