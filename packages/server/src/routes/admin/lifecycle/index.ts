import { ZLifecycleRules } from '@heed/shared/lifecycle/rules'
import { LIFECYCLE_STAGES } from '@heed/shared/lifecycle/stages'
import { ZAccountId } from '@heed/shared/schemas/ids'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { notFound } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { readQuery } from '../../../http/read-query'
import { type CurrentStage, currentStages } from '../../../store/lifecycle/current'
import { stageHistory } from '../../../store/lifecycle/history'
import { lifecycleRulesOf, putLifecycleRules } from '../../../store/lifecycle/rules'
import { setStageByHand } from '../../../store/lifecycle/set-stage'
import { lifecycleSummary } from '../../../store/lifecycle/summary'
import { reportingCurrency } from '../../../store/revenue/settings'
import { actorOf } from '../cases'
import { dayStart, today } from '../health/days'
import { ZActor } from '../team'

export const ZLifecycleRulesPut = z.strictObject({ rules: ZLifecycleRules })

export const ZStagePut = z.strictObject({
  /** A stage, or `auto` to hand the account back to the rules. */
  stage: z.enum([...LIFECYCLE_STAGES, 'auto']),
  reason: z.string().trim().min(1, 'is required: say why').max(1_000),
  by: ZActor.optional(),
})

export const ZSummaryQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(60).default(12),
})

/** Lifecycle stages: the rules, a CSM's manual stage with its reason, an account's history, the summary. */
export function adminLifecycleRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/lifecycle/rules', async (c) =>
    c.json({ rules: await lifecycleRulesOf(database, c.get('project').id) }),
  )

  app.put('/lifecycle/rules', limitBody(16 * 1024), async (c) => {
    const { rules } = readBody(c, ZLifecycleRulesPut)
    const projectId = c.get('project').id
    await putLifecycleRules(database, projectId, rules, now())
    return c.json({ rules: await lifecycleRulesOf(database, projectId) })
  })

  app.get('/lifecycle/summary', async (c) => {
    const { months } = readQuery(c.req.queries(), ZSummaryQuery)
    const project = c.get('project')
    const at = now()
    const currency = await reportingCurrency(database, project.id)
    const rules = await lifecycleRulesOf(database, project.id)
    const firstOfMonth = `${today(at, project.timeZone).slice(0, 7)}-01`
    const sinceDay = shiftMonths(firstOfMonth, -(months - 1))
    const summary = await lifecycleSummary(database, {
      projectId: project.id,
      timeZone: project.timeZone,
      currency,
      activationEvent: rules.activationEvent,
      since: dayStart(sinceDay, project.timeZone),
      now: at,
    })
    return c.json({ currency, activationEvent: rules.activationEvent, ...summary })
  })

  app.put('/accounts/:id/stage', limitBody(8 * 1024), async (c) => {
    const body = readBody(c, ZStagePut)
    const accountId = ZAccountId.safeParse(c.req.param('id'))
    if (!accountId.success) throw notFound('account')
    const projectId = c.get('project').id
    const setBy = actorOf(c, body.by)
    const done = await setStageByHand(
      database,
      projectId,
      accountId.data,
      { stage: body.stage, reason: body.reason, setBy },
      now(),
    )
    if (!done) throw notFound('account')
    const current =
      (await currentStages(database.db, projectId, [accountId.data])).get(accountId.data) ?? null
    return c.json({ accountId: accountId.data, stage: current && stageJson(current) })
  })

  app.get('/accounts/:id/stages', async (c) => {
    const accountId = ZAccountId.safeParse(c.req.param('id'))
    if (!accountId.success) throw notFound('account')
    const projectId = c.get('project').id
    const exists = await database.reads
      .selectFrom('accounts')
      .select('id')
      .where('project_id', '=', projectId)
      .where('id', '=', accountId.data)
      .executeTakeFirst()
    if (!exists) throw notFound('account')
    const current =
      (await currentStages(database.reads, projectId, [accountId.data])).get(accountId.data) ?? null
    const history = await stageHistory(database, projectId, accountId.data)
    return c.json({
      accountId: accountId.data,
      stage: current && stageJson(current),
      history: history.map((stay) => ({
        ...stay,
        startedAt: new Date(stay.startedAt).toISOString(),
        endedAt: stay.endedAt === null ? null : new Date(stay.endedAt).toISOString(),
      })),
    })
  })

  return app
}

function stageJson(current: CurrentStage) {
  const { stage, since, source, reason, setBy } = current
  return { stage, since: new Date(since).toISOString(), source, reason, setBy }
}

/** 'YYYY-MM-01' moved by whole months. */
function shiftMonths(firstOfMonth: string, count: number): string {
  const [year, month] = firstOfMonth.split('-').map(Number) as [number, number]
  const index = year * 12 + (month - 1) + count
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`
}
