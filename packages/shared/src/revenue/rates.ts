import type { MovementTotals } from './movements'
import { type Ratio, ratio } from './ratio'

/*
 * Rates of one period over its starting MRR. New and reactivated revenue never count towards retention:
 * retention asks what the accounts paying at the start kept. Each is a Ratio whose value is null when
 * the period started with no MRR.
 */

/** Gross revenue retention = (start − contraction − churn) ÷ start; at most 100% because expansion is left out. */
export const grossRevenueRetention = (t: MovementTotals): Ratio =>
  ratio(t.start - t.contraction - t.churn, t.start)

/** Net revenue retention = (start + expansion − contraction − churn) ÷ start. */
export const netRevenueRetention = (t: MovementTotals): Ratio =>
  ratio(t.start + t.expansion - t.contraction - t.churn, t.start)

/** Gross MRR churn rate = (contraction + churn) ÷ start. */
export const grossMrrChurnRate = (t: MovementTotals): Ratio => ratio(t.contraction + t.churn, t.start)

/** Net MRR churn rate = (contraction + churn − expansion − reactivation) ÷ start; negative when gains outweigh losses. */
export const netMrrChurnRate = (t: MovementTotals): Ratio =>
  ratio(t.contraction + t.churn - t.expansion - t.reactivation, t.start)

/** Expansion (upsell) rate = expansion ÷ start. */
export const expansionRate = (t: MovementTotals): Ratio => ratio(t.expansion, t.start)

/** Contraction (downgrade) rate = contraction ÷ start. */
export const contractionRate = (t: MovementTotals): Ratio => ratio(t.contraction, t.start)

/** Revenue churn rate = churn ÷ start: the MRR of accounts that stopped paying, over the starting MRR. */
export const revenueChurnRate = (t: MovementTotals): Ratio => ratio(t.churn, t.start)

/**
 * Quick ratio = (new + expansion + reactivation) ÷ (contraction + churn): MRR gained per unit lost. Null
 * when nothing was lost, which is better than any number rather than infinitely good.
 */
export const quickRatio = (t: MovementTotals): Ratio =>
  ratio(t.new + t.expansion + t.reactivation, t.contraction + t.churn)
