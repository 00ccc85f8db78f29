import { addCustomer, emptyCustomerCounts } from '@heed/shared/revenue/customers'
import { addAccountPeriod, emptyMovementTotals } from '@heed/shared/revenue/movements'
import { sql } from 'kysely'
import type { ExchangeRates } from './exchange'
import type { PeriodFigures } from './movements'
import type { ReadDatabase } from './read-database'

/*
 * Movements of whole months in the project's time zone from the totals kept at write time (month-totals.ts):
 * a row per month, plus a row per account and month paid in another currency. The MRR and paying accounts at
 * each month start are the sums of what every earlier month added; amounts in other currencies are counted
 * per amount and converted at each period's rate, as movements.ts does from the ledger.
 */

interface TotalsRow {
  month_start: number | string
  mrr_delta: number | string
  paying_delta: number | string
  new_mrr: number | string
  expansion: number | string
  contraction: number | string
  churn: number | string
  reactivation: number | string
  new_customers: number | string
  reactivated: number | string
  churned: number | string
}

interface ForeignRow {
  month_start: number | string
  start_paid: number | string
  start_currency: string | null
  end_paid: number | string
  end_currency: string
  paid_before: number | string
}

const n = (value: number | string | null) => Number(value ?? 0)

/**
 * The figures of consecutive months [bounds[i], bounds[i + 1]), each bound a month start in `timeZone`;
 * undefined when the project's totals are kept in another time zone (its months are not these).
 */
export async function monthFigures(
  database: ReadDatabase,
  scope: {
    projectId: string
    bounds: readonly number[]
    rateMonths: readonly string[]
    rates: ExchangeRates
    timeZone: string
  },
): Promise<PeriodFigures[] | undefined> {
  const { projectId, bounds, rates } = scope
  const last = bounds.at(-1) as number
  const [project, totals, foreign] = await Promise.all([
    database.reads.selectFrom('projects').select('time_zone').where('id', '=', projectId).executeTakeFirst(),
    sql<TotalsRow>`SELECT month_start, mrr_delta, paying_delta, new_mrr, expansion, contraction, churn,
        reactivation, new_customers, reactivated, churned
      FROM revenue_month_totals WHERE project_id = ${projectId} AND month_start < ${last}
      ORDER BY month_start`.execute(database.reads),
    sql<ForeignRow>`SELECT month_start, start_paid, start_currency, end_paid, end_currency, paid_before
      FROM revenue_foreign_months WHERE project_id = ${projectId} AND month_start < ${last}
      ORDER BY month_start`.execute(database.reads),
  ])
  if (project?.time_zone !== scope.timeZone) return undefined
  const periods = bounds.length - 1
  const figures: PeriodFigures[] = Array.from({ length: periods }, () => ({
    movements: emptyMovementTotals(),
    customers: emptyCustomerCounts(),
  }))
  const periodOf = new Map(bounds.slice(0, -1).map((bound, i) => [bound, i]))

  // Reporting-currency MRR and paying accounts at each bound, and the accounts paying each amount of
  // each other currency, `${currency} ${amount}` → accounts, added up month by month.
  let mrr = 0
  let paying = 0
  const held = new Map<string, number>()
  const hold = (currency: string | null, amount: number, count: number) => {
    if (amount === 0 || currency === null || currency === rates.reporting) return
    const key = `${currency} ${amount}`
    held.set(key, (held.get(key) ?? 0) + count)
  }
  const valuedAt = (period: number) => {
    let total = mrr
    for (const [key, count] of held) {
      if (count === 0) continue
      const [currency = '', amount = '0'] = key.split(' ')
      total += count * rates.convert(Number(amount), currency, scope.rateMonths[period] as string)
    }
    return total
  }
  let t = 0
  let f = 0
  for (let boundary = 0; boundary <= periods; boundary++) {
    const at = bounds[boundary] as number
    for (; t < totals.rows.length && n((totals.rows[t] as TotalsRow).month_start) < at; t++) {
      const row = totals.rows[t] as TotalsRow
      mrr += n(row.mrr_delta)
      paying += n(row.paying_delta)
    }
    for (; f < foreign.rows.length && n((foreign.rows[f] as ForeignRow).month_start) < at; f++) {
      const row = foreign.rows[f] as ForeignRow
      hold(row.end_currency, n(row.end_paid), 1)
      hold(row.start_currency, n(row.start_paid), -1)
    }
    if (boundary < periods) {
      const entry = figures[boundary] as PeriodFigures
      entry.movements.start = valuedAt(boundary)
      entry.customers.start = paying
    }
    if (boundary > 0) {
      const entry = figures[boundary - 1] as PeriodFigures
      entry.movements.end = valuedAt(boundary - 1)
      entry.customers.end = paying
    }
  }

  for (const row of totals.rows) {
    const entry = figures[periodOf.get(n(row.month_start)) ?? -1]
    if (!entry) continue
    const m = entry.movements
    m.new += n(row.new_mrr)
    m.expansion += n(row.expansion)
    m.contraction += n(row.contraction)
    m.churn += n(row.churn)
    m.reactivation += n(row.reactivation)
    entry.customers.new += n(row.new_customers)
    entry.customers.reactivated += n(row.reactivated)
    entry.customers.churned += n(row.churned)
  }
  for (const row of foreign.rows) {
    const period = periodOf.get(n(row.month_start))
    if (period === undefined) continue
    const entry = figures[period] as PeriodFigures
    // Both ends at this period's rate, classified as the definitions say; start and end come from the bounds.
    const month = scope.rateMonths[period] as string
    const account = {
      start: rates.convert(n(row.start_paid), row.start_currency ?? rates.reporting, month),
      end: rates.convert(n(row.end_paid), row.end_currency, month),
      paidBefore: n(row.paid_before) === 1,
    }
    const { start, end } = entry.movements
    addAccountPeriod(entry.movements, account)
    entry.movements.start = start
    entry.movements.end = end
    const { start: startCustomers, end: endCustomers } = entry.customers
    addCustomer(entry.customers, account)
    entry.customers.start = startCustomers
    entry.customers.end = endCustomers
  }
  return figures
}
