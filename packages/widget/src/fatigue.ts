import type { WidgetSurvey } from './survey'

const DAY_MS = 86_400_000

/**
 * What this browser has been asked, kept across page loads. Property names are short because the state is
 * stored as JSON and must keep its meaning from one widget version to the next.
 */
export interface Fatigue {
  /** When any survey of the project was last shown (epoch ms). */
  l?: number
  /** Per survey id: displays since the last answer (`n`) and when it was last answered (`r`). */
  s: Record<string, { n: number; r?: number }>
}

/**
 * Whether the survey may show now: no survey shown within the project's recontact window, and for this
 * survey fewer than `displayLimit` displays since it was last answered, and no answer at all unless
 * `recurEveryDays` have passed since. Counting displays per round lets a recurring survey ask again.
 */
export const mayShow = (fatigue: Fatigue, survey: WidgetSurvey, recontactDays: number): boolean => {
  const { displayLimit, recurEveryDays } = survey.targeting
  const { n = 0, r } = fatigue.s[survey.id] ?? {}
  const now = Date.now()
  // "Not within": never shown or never answered makes the difference NaN, and the comparison false.
  // Without recurEveryDays, an answer is within an endless window.
  return (
    !(now - fatigue.l! < recontactDays * DAY_MS) &&
    n < displayLimit &&
    !(now - r! < (recurEveryDays ?? Infinity) * DAY_MS)
  )
}

export const recordShown = (fatigue: Fatigue, surveyId: string): void => {
  fatigue.l = Date.now()
  const seen = fatigue.s[surveyId] ?? { n: 0 }
  seen.n++
  fatigue.s[surveyId] = seen
}

export const recordAnswered = (fatigue: Fatigue, surveyId: string): void => {
  fatigue.s[surveyId] = { n: 0, r: Date.now() }
}
