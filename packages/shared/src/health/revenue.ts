import type { ComponentReading } from './component'
import type { THealthModel } from './model'
import { percent, pointsOnScale } from './scale'

export interface RevenueInput {
  /** Paid MRR now, in minor units of the account's currency (0 in a trial or once cancelled). */
  mrrNow: number
  /** Paid MRR `lookbackDays` before, in the same currency. */
  mrrBefore: number
}

/**
 * Revenue: paid MRR now as a % of `lookbackDays` before. Contraction lowers it, a cancellation makes it 0%,
 * expansion raises it above 100%. Null when the account paid nothing then (new, or on trial): there is
 * no contraction to measure.
 */
export function revenueReading(
  input: RevenueInput,
  model: THealthModel['components']['revenue'],
): ComponentReading | null {
  if (input.mrrBefore <= 0) return null
  const raw = percent(input.mrrNow / input.mrrBefore)
  const days = model.lookbackDays
  let sentence: string
  if (input.mrrNow === 0) sentence = `Cancelled: pays nothing now, after paying ${days} days ago.`
  else if (raw < 100) sentence = `Pays ${raw}% of what it paid ${days} days ago (a downgrade).`
  else if (raw > 100) sentence = `Pays ${raw}% of what it paid ${days} days ago (an upgrade).`
  else sentence = `Pays the same as ${days} days ago.`
  return { raw, unit: '%', points: pointsOnScale(raw, model.scale), sentence }
}
