import type { ComponentReading } from './component'
import type { THealthModel } from './model'
import { percent, pointsOnScale } from './scale'

export interface ParticipationInput {
  /** Surveys shown to the account's people within the window. */
  displays: number
  /** Answers they gave within the window. */
  answers: number
}

/**
 * Survey participation: answers ÷ surveys shown within the window, as a % (capped at 100: an answer may
 * come from a display before the window). Null when nothing was shown.
 */
export function participationReading(
  input: ParticipationInput,
  model: THealthModel['components']['participation'],
): ComponentReading | null {
  if (input.displays === 0) return null
  const raw = Math.min(100, percent(input.answers / input.displays))
  return {
    raw,
    unit: '%',
    points: pointsOnScale(raw, model.scale),
    sentence: `Answered ${input.answers} of the ${input.displays} surveys shown (${raw}%) in the last ${model.windowDays} days.`,
  }
}
