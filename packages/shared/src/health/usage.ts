import type { ComponentReading } from './component'
import type { THealthModel } from './model'
import { percent, pointsOnScale } from './scale'

export interface UsageInput {
  /** Distinct people of the account with an event in the 30 days before the score's instant. */
  activePeople30d: number
  /** The same in the 30 days before those. */
  activePeoplePrev30d: number
  /** The account's `seats` trait when it is a positive whole number: what the customer pays for. */
  seats: number | null
}

/**
 * Usage: active people in the last 30 days as a % of the account's seats, or, without seats, of the
 * people active in the 30 days before (its own baseline). An account active now and not before counts as
 * 100%; one active in neither period as 0%.
 */
export function usageReading(
  input: UsageInput,
  model: THealthModel['components']['usage'],
): ComponentReading {
  const { activePeople30d: now, activePeoplePrev30d: before, seats } = input
  let raw: number
  let sentence: string
  if (seats !== null) {
    raw = percent(now / seats)
    sentence = `${now} of ${seats} seats (${raw}%) were used in the last 30 days.`
  } else if (before > 0) {
    raw = percent(now / before)
    sentence = `${now} people were active in the last 30 days, ${raw}% of the ${before} active in the 30 days before.`
  } else if (now > 0) {
    raw = 100
    sentence = `${now} people were active in the last 30 days, none in the 30 days before.`
  } else {
    raw = 0
    sentence = 'Nobody was active in the last 60 days.'
  }
  return { raw, unit: '%', points: pointsOnScale(raw, model.scale), sentence }
}
