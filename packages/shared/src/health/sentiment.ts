import type { ComponentReading } from './component'
import type { THealthModel } from './model'
import { pointsOnScale } from './scale'

export interface SentimentAnswer {
  kind: 'nps' | 'csat' | 'ces'
  score: number
  /** Days between the answer and the score's instant (0 = that day). */
  ageDays: number
}

/** An answer on 0-100: NPS 0-10 × 10, CSAT 1-5 and CES 1-7 spread evenly from 0 (lowest) to 100 (highest). */
export function answerOn100(answer: Pick<SentimentAnswer, 'kind' | 'score'>): number {
  if (answer.kind === 'nps') return answer.score * 10
  if (answer.kind === 'csat') return ((answer.score - 1) / 4) * 100
  return ((answer.score - 1) / 6) * 100
}

/**
 * Sentiment: the account's answers within the window, each on 0-100, averaged with weights that halve every
 * `halfLifeDays` of age, so last week's answer counts more than last quarter's. Null without answers.
 */
export function sentimentReading(
  answers: readonly SentimentAnswer[],
  model: THealthModel['components']['sentiment'],
): ComponentReading | null {
  const recent = answers.filter((a) => a.ageDays >= 0 && a.ageDays < model.windowDays)
  if (recent.length === 0) return null
  let weighted = 0
  let weights = 0
  for (const answer of recent) {
    const weight = 0.5 ** (answer.ageDays / model.halfLifeDays)
    weighted += weight * answerOn100(answer)
    weights += weight
  }
  const raw = Math.round(weighted / weights)
  const count = recent.length === 1 ? '1 answer' : `${recent.length} answers`
  return {
    raw,
    unit: '/100',
    points: pointsOnScale(raw, model.scale),
    sentence: `${count} in the last ${model.windowDays} days average ${raw} out of 100, newer answers counting more.`,
  }
}
