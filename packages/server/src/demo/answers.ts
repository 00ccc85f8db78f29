import type { Bucket } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import { type Theme, writeComment } from './comments'
import type { DemoLocale, Plan } from './company'
import type { Random } from './random'
import { DEMO_DAYS } from './timeline'

export interface Answer {
  score: number
  bucket: Bucket
  comment?: { text: string; themes: Theme[] }
}

/** Who answers, and when: all the score model depends on. */
export interface Respondent {
  plan: Plan
  locale: DemoLocale
  /** The day of the demo year the answer is given. */
  day: number
}

/** The share of answers in each bucket; passives take the rest. */
interface BucketShares {
  promoter: number
  detractor: number
}

/** Bigger customers get more attention and more of the product: they are happier. */
const NPS_BY_PLAN: Record<Plan, number> = { free: 2, starter: 18, pro: 34, enterprise: 48 }
/** How many NPS points the price change cost each plan at first; it fades over the following weeks. */
const PRICING_SHOCK: Record<Plan, number> = { free: 55, starter: 50, pro: 30, enterprise: 10 }
const PRICING_SHOCK_DAYS = 45
const NPS_PASSIVES = 0.28

const CSAT_SATISFIED: Record<Plan, number> = { free: 0.7, starter: 0.76, pro: 0.83, enterprise: 0.87 }
const CES_EASY: Record<Plan, number> = { free: -0.06, starter: 0, pro: 0.02, enterprise: 0.06 }

/** Scores within a bucket, with their weights: most detractors give 5 or 6, not 0. */
const SCORES: Record<SurveyKind, Record<Bucket, [score: number, weight: number][]>> = {
  nps: {
    detractor: [
      [0, 3],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 6],
      [5, 10],
      [6, 12],
    ],
    passive: [
      [7, 45],
      [8, 55],
    ],
    promoter: [
      [9, 48],
      [10, 52],
    ],
  },
  csat: {
    detractor: [
      [1, 35],
      [2, 65],
    ],
    passive: [[3, 1]],
    promoter: [
      [4, 55],
      [5, 45],
    ],
  },
  ces: {
    detractor: [
      [1, 15],
      [2, 30],
      [3, 55],
    ],
    passive: [[4, 1]],
    promoter: [
      [5, 40],
      [6, 38],
      [7, 22],
    ],
  },
}

/** Unhappy people write more often than the others. */
const COMMENT_RATE: Record<Bucket, number> = { detractor: 0.55, passive: 0.3, promoter: 0.38 }
const SECOND_THEME_RATE = 0.25

type ThemeWeights = Partial<Record<Theme, number>>

const NPS_THEMES: Record<Bucket, ThemeWeights> = {
  detractor: {
    pricing: 3,
    performance: 2.5,
    reliability: 2,
    'missing features': 2.5,
    usability: 1.5,
    support: 1,
    integrations: 1.2,
    docs: 0.6,
    security: 0.5,
    onboarding: 0.5,
  },
  passive: {
    'missing features': 3,
    pricing: 2,
    usability: 2,
    performance: 1.5,
    docs: 1,
    integrations: 1.2,
    reliability: 0.8,
    security: 0.5,
  },
  promoter: {
    usability: 3,
    support: 2.5,
    integrations: 2,
    performance: 1.5,
    'missing features': 1,
    reliability: 1.2,
    docs: 1,
    security: 0.6,
    pricing: 0.8,
  },
}
const CSAT_THEMES: ThemeWeights = {
  support: 6,
  docs: 1,
  reliability: 1,
  'missing features': 0.8,
  integrations: 0.6,
}
const CES_THEMES: ThemeWeights = { onboarding: 6, docs: 2, integrations: 2, usability: 1.5 }

/** How much of the price change is still felt on a day: 1 on the day itself, fading after, 0 before. */
function pricingShock(day: number, pricingChangeDay: number): number {
  const since = day - pricingChangeDay
  return since < 0 ? 0 : Math.exp(-since / PRICING_SHOCK_DAYS)
}

/**
 * NPS drifts up by eight points over the year as the product improves, and drops after the price change,
 * most for the small plans, which felt it most.
 */
function npsShares({ plan, day }: Respondent, pricingChangeDay: number): BucketShares {
  const drift = -3 + (8 * day) / DEMO_DAYS
  const nps = (NPS_BY_PLAN[plan] + drift - PRICING_SHOCK[plan] * pricingShock(day, pricingChangeDay)) / 100
  const decided = 1 - NPS_PASSIVES
  return { promoter: Math.max(0.02, (decided + nps) / 2), detractor: Math.max(0.02, (decided - nps) / 2) }
}

/** Support gets a little better over the year; billing questions after the price change go less well. */
function csatShares({ plan, day }: Respondent, pricingChangeDay: number): BucketShares {
  const satisfied =
    CSAT_SATISFIED[plan] + (0.04 * day) / DEMO_DAYS - 0.06 * pricingShock(day, pricingChangeDay)
  return { promoter: satisfied, detractor: (1 - satisfied) * 0.55 }
}

/** Onboarding was reworked during the year: it gets easier steadily. */
function cesShares({ plan, day }: Respondent): BucketShares {
  const easy = 0.58 + (0.16 * day) / DEMO_DAYS + CES_EASY[plan]
  return { promoter: easy, detractor: (1 - easy) * 0.5 }
}

function themeWeights(kind: SurveyKind, bucket: Bucket, respondent: Respondent, pricingChangeDay: number) {
  if (kind === 'csat') return CSAT_THEMES
  if (kind === 'ces') return CES_THEMES
  const weights = { ...NPS_THEMES[bucket] }
  if (bucket !== 'promoter' && weights.pricing !== undefined) {
    const plan = respondent.plan === 'free' ? 1.5 : 1
    weights.pricing *= plan * (1 + 5 * pricingShock(respondent.day, pricingChangeDay))
  }
  if (respondent.plan === 'enterprise' && weights.security !== undefined) weights.security *= 2
  return weights
}

/** What one person answers to a survey on a day, and whether (and what) they comment. */
export function answer(
  random: Random,
  kind: SurveyKind,
  respondent: Respondent,
  pricingChangeDay: number,
): Answer {
  const shares =
    kind === 'nps'
      ? npsShares(respondent, pricingChangeDay)
      : kind === 'csat'
        ? csatShares(respondent, pricingChangeDay)
        : cesShares(respondent)
  const draw = random.next()
  const bucket: Bucket =
    draw < shares.promoter ? 'promoter' : draw < shares.promoter + shares.detractor ? 'detractor' : 'passive'
  const score = random.choose(SCORES[kind][bucket])
  if (!random.chance(COMMENT_RATE[bucket])) return { score, bucket }
  const weights = themeWeights(kind, bucket, respondent, pricingChangeDay)
  const first = random.weighted(weights)
  const themes = [first]
  if (random.chance(SECOND_THEME_RATE)) {
    const { [first]: _taken, ...others } = weights
    themes.push(random.weighted(others))
  }
  return { score, bucket, comment: writeComment(random, respondent.locale, bucket, themes) }
}
