import { ZHealthModel } from '@heed/shared/health/model'
import { ZAccountId } from '@heed/shared/schemas/ids'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField, notFound } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { readQuery } from '../../../http/read-query'
import { healthBacktest } from '../../../store/health/backtest'
import { latestHealth } from '../../../store/health/latest'
import { healthModelOf, putHealthModel } from '../../../store/health/model'
import { snapshotHealth } from '../../../store/health/snapshot'
import { dayStart, shiftDay, today, ZDay } from './days'

export const ZHealthModelPut = z.strictObject({ model: ZHealthModel })

export const ZHistoryQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(730).default(90),
})

export const ZBacktestQuery = z.strictObject({
  from: ZDay.optional(),
  to: ZDay.optional(),
  horizonDays: z.coerce.number().int().min(7).max(365).default(90),
  stepDays: z.coerce.number().int().min(1).max(365).default(30),
})

/** Scoring days a backtest may take: each recomputes every account's score. */
const MAX_SCORING_DAYS = 24

/** Account health: the model, recomputing, one account's score with its history, and the backtest. */
export function adminHealthRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/health/model', async (c) => c.json({ model: await healthModelOf(database, c.get('project').id) }))

  app.put('/health/model', limitBody(16 * 1024), async (c) => {
    const { model } = readBody(c, ZHealthModelPut)
    const projectId = c.get('project').id
    await putHealthModel(database, projectId, model, now())
    return c.json({ model: await healthModelOf(database, projectId) })
  })

  app.post('/health/recompute', async (c) => {
    const project = c.get('project')
    const outcome = await snapshotHealth(database, project.id, {
      asOf: now(),
      timeZone: project.timeZone,
      latest: true,
    })
    return c.json(outcome)
  })

  app.get('/health/backtest', async (c) => {
    const query = readQuery(c.req.queries(), ZBacktestQuery)
    const project = c.get('project')
    const latestPossible = shiftDay(today(now(), project.timeZone), -query.horizonDays)
    const to = query.to ?? latestPossible
    if (to > latestPossible) {
      throw invalidField(
        'to',
        `must be on or before ${latestPossible}: the outcome ${query.horizonDays} days later is not known yet`,
        'invalid_query',
      )
    }
    const from = query.from ?? shiftDay(to, -query.stepDays * 6)
    if (from > to) throw invalidField('from', 'must be on or before to', 'invalid_query')
    const days: { day: string; at: number }[] = []
    for (let day = to; day >= from; day = shiftDay(day, -query.stepDays)) {
      if (days.length === MAX_SCORING_DAYS) {
        throw invalidField(
          'from',
          `makes more than ${MAX_SCORING_DAYS} scoring days: move it closer to to, or raise stepDays`,
          'invalid_query',
        )
      }
      days.unshift({ day, at: dayStart(day, project.timeZone) })
    }
    const model = await healthModelOf(database, project.id)
    const backtest = await healthBacktest(database, project.id, {
      days,
      horizonDays: query.horizonDays,
      model,
    })
    return c.json({
      ...backtest,
      from,
      to,
      stepDays: query.stepDays,
      method:
        `Each scoring day, every paying account is scored with the current model from the data as it was that day; ` +
        `it counts as lost if ${query.horizonDays} days later it pays less (cancelled or downgraded). ` +
        'AUC is the chance a kept account scored higher than a lost one (ties count half): 0.5 is a coin toss, 1 is perfect.',
    })
  })

  app.get('/accounts/:id/health', async (c) => {
    const project = c.get('project')
    const accountId = ZAccountId.safeParse(c.req.param('id'))
    if (!accountId.success) throw notFound('account')
    const { days } = readQuery(c.req.queries(), ZHistoryQuery)
    const exists = await database.reads
      .selectFrom('accounts')
      .select('id')
      .where('project_id', '=', project.id)
      .where('id', '=', accountId.data)
      .executeTakeFirst()
    if (!exists) throw notFound('account')
    const latest =
      (await latestHealth(database.reads, project.id, [accountId.data])).get(accountId.data) ?? null
    const last = today(now(), project.timeZone)
    const history = await database.reads
      .selectFrom('account_health_days')
      .select(['day', 'score', 'band'])
      .where('project_id', '=', project.id)
      .where('account_id', '=', accountId.data)
      .where('day', '>', shiftDay(last, -days))
      .orderBy('day')
      .execute()
    // The score on the latest stored day at least 30 days before today.
    const then = await database.reads
      .selectFrom('account_health_days')
      .select(['day', 'score'])
      .where('project_id', '=', project.id)
      .where('account_id', '=', accountId.data)
      .where('day', '<=', shiftDay(last, -30))
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst()
    const thenScore = then?.score === null || then === undefined ? null : Number(then.score)
    return c.json({
      accountId: accountId.data,
      health: latest && {
        score: latest.score,
        band: latest.band,
        explanation: latest.explanation,
        computedAt: new Date(latest.computedAt).toISOString(),
      },
      trend: {
        day: then?.day ?? null,
        score: thenScore,
        change: latest?.score != null && thenScore !== null ? latest.score - thenScore : null,
      },
      history: history.map((row) => ({
        day: row.day,
        score: row.score === null ? null : Number(row.score),
        band: row.band,
      })),
    })
  })

  return app
}
