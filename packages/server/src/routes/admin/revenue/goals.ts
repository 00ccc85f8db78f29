import { GOAL_COMPARISONS, GOAL_METRICS } from '@heed/shared/revenue/goals'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { listGoals, putGoals } from '../../../store/revenue/goals'

export const ZGoalsPut = z.strictObject({
  goals: z
    .array(
      z.strictObject({
        metric: z.enum(GOAL_METRICS),
        comparison: z.enum(GOAL_COMPARISONS),
        /** Rates as fractions (1.0 = 100%), NPS as points. */
        target: z.number().min(-100).max(1_000),
      }),
    )
    .max(GOAL_METRICS.length),
})

/** The team's goals, one per metric, read back by the monthly report. */
export function goalRoutes({ database, now }: { database: HeedDatabase; now: () => number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/goals', async (c) => c.json({ goals: await listGoals(database, c.get('project').id) }))

  app.put('/goals', limitBody(16 * 1024), async (c) => {
    const { goals } = readBody(c, ZGoalsPut)
    const seen = new Set<string>()
    for (const [index, goal] of goals.entries()) {
      if (seen.has(goal.metric))
        throw invalidField(`goals.${index}.metric`, 'has a goal already in this list')
      seen.add(goal.metric)
    }
    const projectId = c.get('project').id
    await putGoals(database, projectId, goals, now())
    return c.json({ goals: await listGoals(database, projectId) })
  })

  return app
}
