import { type Period, shiftPeriod } from '@heed/shared/periods/period'
import { cohortRetention } from '@heed/shared/revenue/cohorts'
import { customerChurnRate, logoRetention } from '@heed/shared/revenue/customers'
import {
  contractionRate,
  expansionRate,
  grossMrrChurnRate,
  grossRevenueRetention,
  netMrrChurnRate,
  netRevenueRetention,
  quickRatio,
  revenueChurnRate,
} from '@heed/shared/revenue/rates'
import { renewalRate, trialConversion } from '@heed/shared/revenue/renewals'
import { annualRunRate, averageRevenuePerAccount } from '@heed/shared/revenue/run-rate'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField } from '../../../errors'
import { readQuery } from '../../../http/read-query'
import { ExchangeRates } from '../../../store/revenue/exchange'
import { monthOf } from '../../../store/revenue/months'
import { type PeriodFigures, revenueFigures } from '../../../store/revenue/movements'
import { largestMovers, type Mover } from '../../../store/revenue/movers'
import { type RenewalFigures, renewalFigures } from '../../../store/revenue/renewals'
import { reportingCurrency } from '../../../store/revenue/settings'
import { type TrailingFigures, trailingFigures, trailingRates } from '../../../store/revenue/trailing'
import { TRAIT_NAME } from '../../../store/score-queries'
import { trendPeriods, ZTimeZone } from '../scores'

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))

const TRAIT_PREFIX = 'trait:'

const ZTraitSplit = z.string().transform((text, ctx) => {
  const name = text.slice(TRAIT_PREFIX.length)
  if (text.startsWith(TRAIT_PREFIX) && TRAIT_NAME.test(name)) return name
  ctx.addIssue({
    code: 'custom',
    input: text,
    message: "must be 'trait:<name>' for an account trait, the name 1-100 letters, digits, '_', '.' or '-'",
  })
  return z.NEVER
})

/** Revenue periods are calendar months or quarters: shorter ones would mostly show billing-day noise. */
export const REVENUE_PERIODS = ['month', 'quarter'] as const

export const ZRevenueQuery = z.strictObject({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  period: z.enum(REVENUE_PERIODS).default('month'),
  timeZone: ZTimeZone.optional(),
  splitBy: ZTraitSplit.optional(),
})
type RevenueQuery = z.output<typeof ZRevenueQuery>

/** Periods of [from, to): by default the twelve months (four quarters) up to and including the one holding `to`. */
export function revenuePeriods(query: RevenueQuery, now: number, timeZone: string): Period[] {
  const to = query.to ?? now
  const from =
    query.from ??
    shiftPeriod(new Date(to), query.period === 'month' ? -11 : -3, query.period, timeZone).getTime()
  if (from >= to) {
    throw query.to === undefined
      ? invalidField('from', 'must be earlier than to, which defaults to now', 'invalid_query')
      : invalidField('to', 'must be later than from', 'invalid_query')
  }
  return trendPeriods({ from, to }, query.period, timeZone)
}

const span = (period: Period) => ({
  label: period.label,
  start: period.start.toISOString(),
  end: period.end.toISOString(),
})

/** Accounts listed per kind of movement, biggest first. */
const MOVERS_PER_KIND = 5

const moverJson = ({ latestScore, ...mover }: Mover) => ({
  ...mover,
  latestScore: latestScore && { ...latestScore, at: new Date(latestScore.at).toISOString() },
})

const movementPoint = (period: Period, figures: PeriodFigures) => ({
  ...span(period),
  mrr: figures.movements,
  customers: figures.customers,
  arr: annualRunRate(figures.movements.end),
  arpa: averageRevenuePerAccount(figures.movements.end, figures.customers.end),
})

const retentionPoint = (
  period: Period,
  figures: PeriodFigures,
  trailing: TrailingFigures | undefined,
  renewals: RenewalFigures | undefined,
) => {
  const t = figures.movements
  const twelve = trailing ?? { accounts: 0, base: 0, end: 0, capped: 0 }
  const renewing = renewals ?? { due: 0, renewed: 0, started: 0, converted: 0 }
  return {
    ...span(period),
    grossRevenueRetention: grossRevenueRetention(t),
    netRevenueRetention: netRevenueRetention(t),
    grossMrrChurnRate: grossMrrChurnRate(t),
    netMrrChurnRate: netMrrChurnRate(t),
    expansionRate: expansionRate(t),
    contractionRate: contractionRate(t),
    revenueChurnRate: revenueChurnRate(t),
    quickRatio: quickRatio(t),
    logoRetention: logoRetention(figures.customers),
    customerChurnRate: customerChurnRate(figures.customers),
    renewalRate: renewalRate(renewing),
    trialConversion: trialConversion(renewing),
    trailing12: {
      accounts: twelve.accounts,
      netRevenueRetention: trailingRates(twelve).nrr,
      grossRevenueRetention: trailingRates(twelve).grr,
    },
  }
}

/**
 * Movements and retention per month or quarter, whole or per account trait: unsplit months in the project's
 * time zone from the totals kept at write time, everything else from the ledger.
 */
export function revenueFigureRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  /** What every figure route reads first: the periods, their bounds and rate months, and the rates. */
  async function prepare(projectId: string, query: RevenueQuery, projectZone: string) {
    const timeZone = query.timeZone ?? projectZone
    const periods = revenuePeriods(query, now(), timeZone)
    const bounds = [
      ...periods.map((period) => period.start.getTime()),
      (periods.at(-1) as Period).end.getTime(),
    ]
    const rateMonths = periods.map((period) => monthOf(period.end.getTime() - 1, timeZone))
    const currency = await reportingCurrency(database, projectId)
    const rates = await ExchangeRates.load(database, projectId, currency)
    // Months are what the totals kept at write time hold (when in the project's zone: movements.ts checks).
    const monthsIn = query.period === 'month' ? timeZone : undefined
    return { timeZone, periods, bounds, rateMonths, currency, rates, monthsIn }
  }

  app.get('/revenue/movements', async (c) => {
    const query = readQuery(c.req.queries(), ZRevenueQuery)
    const project = c.get('project')
    const { timeZone, periods, bounds, rateMonths, currency, rates, monthsIn } = await prepare(
      project.id,
      query,
      project.timeZone,
    )
    const scope = { projectId: project.id, bounds, rateMonths, rates, monthsIn }
    const last = periods.at(-1) as Period
    const [whole, split, movers] = await Promise.all([
      revenueFigures(database, scope),
      query.splitBy === undefined ? undefined : revenueFigures(database, { ...scope, trait: query.splitBy }),
      largestMovers(database, {
        projectId: project.id,
        start: last.start.getTime(),
        end: last.end.getTime(),
        rateMonth: rateMonths.at(-1) as string,
        rates,
        limit: MOVERS_PER_KIND,
      }),
    ])
    const pointsOf = (figures: PeriodFigures[]) =>
      periods.map((period, i) => movementPoint(period, figures[i] as PeriodFigures))
    return c.json({
      period: query.period,
      timeZone,
      currency,
      points: pointsOf(whole.get('') ?? []),
      ...(split && { segments: [...split].map(([key, figures]) => ({ key, points: pointsOf(figures) })) }),
      // The accounts behind the last period's movements.
      movers: {
        label: last.label,
        ...Object.fromEntries(Object.entries(movers).map(([kind, list]) => [kind, list.map(moverJson)])),
      },
    })
  })

  app.get('/revenue/retention', async (c) => {
    const query = readQuery(c.req.queries(), ZRevenueQuery)
    const project = c.get('project')
    const { timeZone, periods, bounds, rateMonths, currency, rates, monthsIn } = await prepare(
      project.id,
      query,
      project.timeZone,
    )
    const scope = { projectId: project.id, bounds, rateMonths, rates, monthsIn }
    // Each period's trailing twelve months: the accounts paying a year before its end, compared at its end.
    const pairs = periods.map((period, i) => ({
      baseAt: shiftPeriod(period.end, -12, 'month', timeZone).getTime(),
      endAt: period.end.getTime(),
      rateMonth: rateMonths[i] as string,
    }))
    const trait = query.splitBy
    const renewalScope = { projectId: project.id, bounds, asOf: now() }
    const [whole, wholeTrailing, wholeRenewals, split, splitTrailing, splitRenewals] = await Promise.all([
      revenueFigures(database, scope),
      trailingFigures(database, { projectId: project.id, pairs, rates }),
      renewalFigures(database, renewalScope),
      trait === undefined ? undefined : revenueFigures(database, { ...scope, trait }),
      trait === undefined
        ? undefined
        : trailingFigures(database, { projectId: project.id, pairs, rates, trait }),
      trait === undefined ? undefined : renewalFigures(database, { ...renewalScope, trait }),
    ])
    const pointsOf = (
      figures: PeriodFigures[],
      trailing: TrailingFigures[] | undefined,
      renewals: RenewalFigures[] | undefined,
    ) =>
      periods.map((period, i) =>
        retentionPoint(period, figures[i] as PeriodFigures, trailing?.[i], renewals?.[i]),
      )
    return c.json({
      period: query.period,
      timeZone,
      currency,
      points: pointsOf(whole.get('') ?? [], wholeTrailing.get(''), wholeRenewals.get('')),
      ...(split && {
        segments: [...split].map(([key, figures]) => ({
          key,
          points: pointsOf(figures, splitTrailing?.get(key), splitRenewals?.get(key)),
        })),
      }),
    })
  })

  app.get('/revenue/cohorts', async (c) => {
    const query = readQuery(c.req.queries(), ZRevenueQuery)
    if (query.splitBy !== undefined) throw invalidField('splitBy', 'cohorts are not split', 'invalid_query')
    const project = c.get('project')
    const { timeZone, periods, bounds, rateMonths, currency, rates } = await prepare(
      project.id,
      query,
      project.timeZone,
    )
    const byCohort = await revenueFigures(database, {
      projectId: project.id,
      bounds,
      rateMonths,
      rates,
      cohorts: true,
    })
    const cohorts = periods.flatMap((period, first) => {
      const figures = byCohort.get(String(first))
      if (!figures) return []
      const at = (index: number) => ({
        accounts: figures[index]?.customers.end ?? 0,
        mrr: figures[index]?.movements.end ?? 0,
      })
      const kept = periods.slice(first + 1).map((_, k) => at(first + 1 + k))
      return [cohortRetention({ label: period.label, base: at(first), kept })]
    })
    return c.json({ period: query.period, timeZone, currency, cohorts })
  })

  return app
}
