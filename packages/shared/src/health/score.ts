import { type AdoptionInput, adoptionReading } from './adoption'
import { healthBand } from './bands'
import type { ComponentReading } from './component'
import type { HealthComponentScore, HealthExplanation } from './explanation'
import { type FollowUpInput, followUpReading } from './follow-up'
import { HEALTH_COMPONENT_KEYS, type HealthComponentKey, type THealthModel } from './model'
import { type ParticipationInput, participationReading } from './participation'
import { type RevenueInput, revenueReading } from './revenue'
import { type SentimentAnswer, sentimentReading } from './sentiment'
import { type UsageInput, usageReading } from './usage'

/** What is known about one account at the score's instant; null where the project has no such data. */
export interface HealthInputs {
  usage: UsageInput | null
  adoption: AdoptionInput | null
  sentiment: readonly SentimentAnswer[]
  followUp: FollowUpInput | null
  revenue: RevenueInput | null
  participation: ParticipationInput | null
}

const LABELS: Record<HealthComponentKey, string> = {
  usage: 'usage',
  adoption: 'feature adoption',
  sentiment: 'sentiment',
  followUp: 'follow-up',
  revenue: 'revenue',
  participation: 'survey participation',
}

function reading(
  key: HealthComponentKey,
  inputs: HealthInputs,
  model: THealthModel,
): ComponentReading | null {
  const c = model.components
  switch (key) {
    case 'usage':
      return inputs.usage && usageReading(inputs.usage, c.usage)
    case 'adoption':
      return inputs.adoption && inputs.adoption.catalogueSize > 0
        ? adoptionReading(inputs.adoption, c.adoption)
        : null
    case 'sentiment':
      return sentimentReading(inputs.sentiment, c.sentiment)
    case 'followUp':
      return inputs.followUp && followUpReading(inputs.followUp, c.followUp)
    case 'revenue':
      return inputs.revenue && revenueReading(inputs.revenue, c.revenue)
    case 'participation':
      return inputs.participation && participationReading(inputs.participation, c.participation)
  }
}

/**
 * Health = Σ weight × points / Σ weight over the components with data (weight above 0), rounded to a whole
 * number 0-100; its band from the model's thresholds. Components without data are left out, which scales the
 * other weights up (renormalises them) rather than counting the gap as 0; the explanation lists them. No
 * component with data → no score (null), not 0.
 */
export function healthScore(model: THealthModel, inputs: HealthInputs): HealthExplanation {
  const read = HEALTH_COMPONENT_KEYS.filter((key) => model.components[key].weight > 0).map((key) => ({
    key,
    weight: model.components[key].weight,
    reading: reading(key, inputs, model),
  }))
  const counted = read.filter((r) => r.reading !== null)
  const missing = read.filter((r) => r.reading === null).map((r) => r.key)
  const totalWeight = counted.reduce((sum, r) => sum + r.weight, 0)
  const components: HealthComponentScore[] = read.map(({ key, weight, reading }) => {
    if (reading === null) {
      return {
        key,
        raw: null,
        unit: '',
        points: null,
        weight,
        effectiveWeight: 0,
        contribution: 0,
        sentence: `No ${LABELS[key]} data yet: left out of the score.`,
      }
    }
    const effectiveWeight = weight / totalWeight
    return {
      key,
      raw: reading.raw,
      unit: reading.unit,
      points: reading.points,
      weight,
      effectiveWeight,
      contribution: reading.points * effectiveWeight,
      sentence: reading.sentence,
    }
  })
  if (counted.length === 0) {
    return { score: null, band: null, components, missing, summary: 'No data yet to score this account.' }
  }
  const score = Math.round(components.reduce((sum, c) => sum + c.contribution, 0))
  const band = healthBand(score, model.bands)
  return { score, band, components, missing, summary: summarise(score, band, components, missing) }
}

function summarise(
  score: number,
  band: string,
  components: readonly HealthComponentScore[],
  missing: readonly HealthComponentKey[],
): string {
  const scored = components.filter((c) => c.points !== null)
  const weakest = scored.reduce((low, c) => ((c.points ?? 0) < (low.points ?? 0) ? c : low))
  let summary = `Health ${score}/100 (${band}).`
  if (scored.length > 1 && (weakest.points ?? 0) < 100) {
    summary += ` Weakest: ${LABELS[weakest.key]} at ${weakest.points} points. ${weakest.sentence}`
  }
  if (missing.length > 0) {
    summary += ` Left out for lack of data: ${missing.map((key) => LABELS[key]).join(', ')}; the other weights were scaled up to make up for them.`
  }
  return summary
}
