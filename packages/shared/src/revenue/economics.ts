/** A month's costs in minor units of the reporting currency, and the gross margin in basis points (0-10,000). */
export interface MonthlyCosts {
  salesAndMarketing: number
  customerSuccess: number
  support: number
  productDevelopment: number
  grossMarginBasisPoints: number
}

/** What the month's revenue looked like, as the movements and customer counts give it. */
export interface EconomicsBasis {
  /** MRR at the month's end and the accounts paying it. */
  mrr: number
  payingAccounts: number
  newCustomers: number
  /** MRR at the month's start, and the MRR churned during it: revenue churn = churn ÷ start. */
  startMrr: number
  churnedMrr: number
}

/** A figure, or null with the reason it is undefined: never Infinity, NaN or a misleading 0. */
export type Figure = { value: number; reason?: undefined } | { value: null; reason: string }

export interface UnitEconomics {
  /** Customer acquisition cost = sales & marketing ÷ new customers, minor units. */
  cac: Figure
  /** Customer lifetime value = ARPA × gross margin ÷ revenue churn rate, minor units. */
  cltv: Figure
  cltvToCac: Figure
  /** Months of one new customer's margin that pay back its CAC = CAC ÷ (ARPA × gross margin). */
  cacPaybackMonths: Figure
  /** Customer retention cost = customer-success cost ÷ active (paying) customers, minor units. */
  customerRetentionCost: Figure
  /** Cost to carry = (customer success + support) ÷ MRR: what serving a unit of MRR costs. */
  costToCarry: Figure
}

const known = (value: number): Figure => ({ value })
const unknown = (reason: string): Figure => ({ value: null, reason })

/** Unit economics of a month; each undefined case (no churn, no new customers, no MRR) says why it is null. */
export function unitEconomics(costs: MonthlyCosts, basis: EconomicsBasis): UnitEconomics {
  const margin = costs.grossMarginBasisPoints / 10_000
  const arpa = basis.payingAccounts > 0 ? basis.mrr / basis.payingAccounts : null
  const cac =
    basis.newCustomers > 0
      ? known(costs.salesAndMarketing / basis.newCustomers)
      : unknown('no new customers this month, so there is nothing to divide acquisition cost by')
  let cltv: Figure
  if (arpa === null) cltv = unknown('no paying accounts, so there is no average revenue per account')
  else if (basis.startMrr === 0)
    cltv = unknown('no MRR at the start of the month to measure revenue churn against')
  else if (basis.churnedMrr === 0)
    cltv = unknown('no revenue churned this month, so lifetime has no finite estimate')
  else cltv = known((arpa * margin * basis.startMrr) / basis.churnedMrr)
  const monthlyMargin = arpa === null ? 0 : arpa * margin
  let cacPaybackMonths: Figure
  if (cac.value === null) cacPaybackMonths = cac
  else if (monthlyMargin === 0)
    cacPaybackMonths = unknown('no gross margin per account, so acquisition cost is never paid back')
  else cacPaybackMonths = known(cac.value / monthlyMargin)
  let cltvToCac: Figure
  if (cltv.value === null) cltvToCac = cltv
  else if (cac.value === null) cltvToCac = cac
  else if (cac.value === 0) cltvToCac = unknown('acquisition cost was 0, so there is no ratio to it')
  else cltvToCac = known(cltv.value / cac.value)
  return {
    cac,
    cltv,
    cltvToCac,
    cacPaybackMonths,
    customerRetentionCost:
      basis.payingAccounts > 0
        ? known(costs.customerSuccess / basis.payingAccounts)
        : unknown('no active customers at the end of the month'),
    costToCarry:
      basis.mrr > 0
        ? known((costs.customerSuccess + costs.support) / basis.mrr)
        : unknown('no MRR at the end of the month'),
  }
}
