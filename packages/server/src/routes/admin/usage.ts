import { PERIOD_UNITS, type Period } from '@heed/shared/periods/period'
import { ZAccountId } from '@heed/shared/schemas/ids'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { ZFeatureCatalogue } from '@heed/shared/usage/features'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { invalidField, notFound } from '../../errors'
import { limitBody } from '../../http/body-limit'
import { readBody } from '../../http/read-body'
import { readQuery } from '../../http/read-query'
import { signalJobStarted } from '../../jobs/job-signal'
import { TRAIT_NAME } from '../../store/segments/trait-sql'
import { accountFeatures } from '../../store/usage/account-features'
import { featureAdoptionTrend } from '../../store/usage/adoption'
import { type FeatureCatalogue, getCatalogue, putCatalogue } from '../../store/usage/catalogue'
import { usageLagEvents } from '../../store/usage/catch-up'
import type { UsageScope } from '../../store/usage/scope'
import { usageTrend } from '../../store/usage/trend'
import { rangeOf, trendPeriods, ZTimeZone } from './scores'

/** A catalogue of 200 features with 50 rules each stays well under this. */
const MAX_BODY_BYTES = 512 * 1024
const limitedBody = limitBody(MAX_BODY_BYTES)

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

/** `segment=<trait>:<value>`: the accounts whose trait has that value. */
const ZSegment = z
  .string()
  .max(400)
  .transform((text, ctx) => {
    const colon = text.indexOf(':')
    const trait = text.slice(0, colon)
    const value = text.slice(colon + 1)
    if (colon > 0 && TRAIT_NAME.test(trait) && value !== '') return { trait, value }
    ctx.addIssue({
      code: 'custom',
      input: text,
      message: "must be '<account trait>:<value>', e.g. 'plan:pro'",
    })
    return z.NEVER
  })

const ZSplitBy = z.string().transform((text, ctx) => {
  const name = text.slice('trait:'.length)
  if (text.startsWith('trait:') && TRAIT_NAME.test(name)) return name
  ctx.addIssue({ code: 'custom', input: text, message: "must be 'trait:<account trait name>'" })
  return z.NEVER
})

const rangeParameters = {
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  period: z.enum(PERIOD_UNITS).default('week'),
  timeZone: ZTimeZone.optional(),
  accountId: ZAccountId.optional(),
  segment: ZSegment.optional(),
}

export const ZUsageTrendQuery = z.strictObject({ ...rangeParameters, splitBy: ZSplitBy.optional() })
export const ZAdoptionQuery = z.strictObject(rangeParameters)

function scopeOf(query: { accountId?: string; segment?: { trait: string; value: string } }): UsageScope {
  if (query.accountId !== undefined && query.segment !== undefined)
    throw invalidField('segment', 'give accountId or segment, not both', 'invalid_query')
  if (query.accountId !== undefined) return { kind: 'account', accountId: query.accountId }
  if (query.segment !== undefined) return { kind: 'segment', ...query.segment }
  return { kind: 'project' }
}

export const ZCatalogueBody = z.strictObject({ features: ZFeatureCatalogue })

const catalogueJson = ({ features, rebuild }: FeatureCatalogue) => ({
  features,
  rebuild:
    rebuild === null
      ? null
      : {
          jobId: rebuild.id,
          done: rebuild.done,
          total: rebuild.total,
          startedAt: new Date(rebuild.startedAt).toISOString(),
        },
})

/** Usage analytics: active people and accounts, sessions, the feature catalogue and its adoption. */
export function adminUsageRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  const periodsOf = (
    query: { from?: number; to?: number; period: (typeof PERIOD_UNITS)[number]; timeZone?: string },
    projectTimeZone: string,
  ): { periods: Period[]; timeZone: string } => {
    const timeZone = query.timeZone ?? projectTimeZone
    return { periods: trendPeriods(rangeOf(query, now()), query.period, timeZone), timeZone }
  }

  app.get('/usage/trend', async (c) => {
    const query = readQuery(c.req.queries(), ZUsageTrendQuery)
    const project = c.get('project')
    const scope = scopeOf(query)
    const { periods, timeZone } = periodsOf(query, project.timeZone)
    // Read first: the figures hold at least every event stored before these, maybe more.
    const lagEvents = await usageLagEvents(database, project.id)
    let trend: Awaited<ReturnType<typeof usageTrend>>
    try {
      trend = await usageTrend(database, {
        projectId: project.id,
        periods,
        timeZone,
        scope,
        ...(query.splitBy !== undefined && { splitBy: query.splitBy }),
      })
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      throw invalidField('from', 'the range is too long: choose a later from', 'invalid_query')
    }
    return c.json({ period: query.period, timeZone, lagEvents, ...trend })
  })

  app.get('/features', async (c) => c.json(catalogueJson(await getCatalogue(database, c.get('project').id))))

  app.put('/features', limitedBody, async (c) => {
    const { features } = readBody(c, ZCatalogueBody)
    const catalogue = await putCatalogue(database, c.get('project').id, features, now())
    if (catalogue.rebuild !== null) signalJobStarted()
    return c.json(catalogueJson(catalogue))
  })

  app.get('/features/adoption', async (c) => {
    const query = readQuery(c.req.queries(), ZAdoptionQuery)
    const project = c.get('project')
    const scope = scopeOf(query)
    const { periods, timeZone } = periodsOf(query, project.timeZone)
    const lagEvents = await usageLagEvents(database, project.id)
    const adoption = await featureAdoptionTrend(database, { projectId: project.id, periods, scope })
    return c.json({ period: query.period, timeZone, lagEvents, ...adoption })
  })

  app.get('/accounts/:id/features', async (c) => {
    const parsed = ZAccountId.safeParse(c.req.param('id'))
    if (!parsed.success)
      throw invalidField('accountId', 'must be an account id of 1-200 characters', 'invalid_query')
    const result = await accountFeatures(database, c.get('project').id, parsed.data)
    if (result === undefined) throw notFound('account')
    return c.json(result)
  })

  return app
}
