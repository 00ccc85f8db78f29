import type { ComponentReading } from './component'
import type { THealthModel } from './model'

export interface FollowUpInput {
  /** The account's detractor cases not resolved (open or contacted). */
  open: number
  /** Those of them past their due time. */
  overdue: number
}

/**
 * Follow-up: 100 points less `pointsPerOpenCase` for each open detractor case and `pointsPerOverdueCase` more
 * for each overdue one, never below 0. The raw value is the number of open cases.
 */
export function followUpReading(
  input: FollowUpInput,
  model: THealthModel['components']['followUp'],
): ComponentReading {
  const points = Math.max(
    0,
    100 - model.pointsPerOpenCase * input.open - model.pointsPerOverdueCase * input.overdue,
  )
  let sentence: string
  if (input.open === 0) sentence = 'No detractor follow-up is open.'
  else {
    const cases = input.open === 1 ? '1 detractor follow-up is' : `${input.open} detractor follow-ups are`
    sentence =
      input.overdue === 0 ? `${cases} open, none overdue.` : `${cases} open, ${input.overdue} overdue.`
  }
  return { raw: input.open, unit: 'open cases', points, sentence }
}
