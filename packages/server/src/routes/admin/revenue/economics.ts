import {
  type Figure,
  type MonthlyCosts,
  type UnitEconomics,
  unitEconomics,
} from '@heed/shared/revenue/economics'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField } from '../../../errors'
import { limitBody } from '../../../http/body-limit'
import { readBody } from '../../../http/read-body'
import { readQuery } from '../../../http/read-query'
import { costsOf, putCosts } from '../../../store/revenue/costs'
import { ExchangeRates } from '../../../store/revenue/exchange'
import { monthOf } from '../../../store/revenue/months'
import { revenueFigures } from '../../../store/revenue/movements'
import { reportingCurrency } from '../../../store/revenue/settings'
import { revenuePeriods, ZRevenueQuery } from './figures'
import { ZMonth } from './schemas'

const ZMinorUnits = z
  .number({ error: 'must be a whole number of minor units (cents)' })
  .int('must be a whole number of minor units (cents)')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)

export const ZCostsPut = z.strictObject({
  salesAndMarketing: ZMinorUnits,
  customerSuccess: ZMinorUnits,
  support: ZMinorUnits,
  productDevelopment: ZMinorUnits,
  /** 0-100 with at most two decimals, kept as basis points. */
  grossMarginPercent: z
    .number()
    .min(0)
    .max(100)
    .refine((percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-9, {
      error: 'must have at most two decimals, e.g. 78.5',
    }),
})

/** Costs as the API takes them: the margin as a percentage. */
const costsJson = ({ grossMarginBasisPoints, ...money }: MonthlyCosts) => ({
  ...money,
  grossMarginPercent: grossMarginBasisPoints / 100,
})

const noCosts = (month: string): UnitEconomics => {
  const missing: Figure = { value: null, reason: `no costs given for ${month}: PUT /admin/v1/costs/${month}` }
  return {
    cac: missing,
    cltv: missing,
    cltvToCac: missing,
    cacPaybackMonths: missing,
    customerRetentionCost: missing,
    costToCarry: missing,
  }
}

/** Monthly costs in, unit economics out: CAC, CLTV, CLTV:CAC, CAC payback, retention cost, cost to carry. */
export function revenueEconomicsRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.put('/costs/:month', limitBody(4096), async (c) => {
    const month = ZMonth.safeParse(c.req.param('month'))
    if (!month.success) throw invalidField('month', "the path must end with a month as 'YYYY-MM'")
    const body = readBody(c, ZCostsPut)
    const costs = {
      salesAndMarketing: body.salesAndMarketing,
      customerSuccess: body.customerSuccess,
      support: body.support,
      productDevelopment: body.productDevelopment,
      grossMarginBasisPoints: Math.round(body.grossMarginPercent * 100),
    }
    await putCosts(database, c.get('project').id, month.data, costs, now())
    return c.json({ month: month.data, ...costsJson(costs) })
  })

  app.get('/revenue/economics', async (c) => {
    const query = readQuery(c.req.queries(), ZRevenueQuery)
    if (query.period !== 'month')
      throw invalidField('period', 'costs are monthly: use month', 'invalid_query')
    if (query.splitBy !== undefined)
      throw invalidField('splitBy', 'unit economics are not split', 'invalid_query')
    const project = c.get('project')
    const timeZone = query.timeZone ?? project.timeZone
    const periods = revenuePeriods(query, now(), timeZone)
    const bounds = [...periods.map((period) => period.start.getTime()), periods.at(-1)?.end.getTime() ?? 0]
    const rateMonths = periods.map((period) => monthOf(period.end.getTime() - 1, timeZone))
    const currency = await reportingCurrency(database, project.id)
    const rates = await ExchangeRates.load(database, project.id, currency)
    const [figures, costs] = await Promise.all([
      revenueFigures(database, { projectId: project.id, bounds, rateMonths, rates, monthsIn: timeZone }),
      costsOf(
        database,
        project.id,
        periods.map((period) => period.label),
      ),
    ])
    const whole = figures.get('') ?? []
    return c.json({
      timeZone,
      currency,
      months: periods.map((period, i) => {
        const month = whole[i]
        const given = costs.get(period.label)
        const basis = {
          mrr: month?.movements.end ?? 0,
          payingAccounts: month?.customers.end ?? 0,
          newCustomers: month?.customers.new ?? 0,
          startMrr: month?.movements.start ?? 0,
          churnedMrr: month?.movements.churn ?? 0,
        }
        return {
          label: period.label,
          costs: given ? costsJson(given) : null,
          basis,
          economics: given ? unitEconomics(given, basis) : noCosts(period.label),
        }
      }),
    })
  })

  return app
}
