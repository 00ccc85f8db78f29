import { z } from 'zod'
import { DEFAULT_HEALTH_BANDS, ZHealthBands } from './bands'

/** The signals a health score is made of, in the order they are explained. */
export const HEALTH_COMPONENT_KEYS = [
  'usage',
  'adoption',
  'sentiment',
  'followUp',
  'revenue',
  'participation',
] as const
export type HealthComponentKey = (typeof HEALTH_COMPONENT_KEYS)[number]

/**
 * How a raw value becomes points: `zero` or worse earns 0, `full` or better earns 100, in between a straight
 * line. `zero` may be above `full` for a signal where less is better.
 */
const ZScale = z
  .object({ zero: z.number().finite(), full: z.number().finite() })
  .strict()
  .refine((scale) => scale.zero !== scale.full, { message: 'zero and full must differ', path: ['full'] })
export type TScale = z.infer<typeof ZScale>

const weight = z.number().int().min(0).max(100)

/** Active people in 30 days as a % of the account's `seats` trait, or else of its own previous 30 days. */
const ZUsage = z.object({ weight, scale: ZScale }).strict()
/** % of the project's feature catalogue the account used in 30 days. */
const ZAdoption = z.object({ weight, scale: ZScale }).strict()
/**
 * The account's answers within `windowDays`, each put on 0-100 (NPS 0-10 ×10, CSAT 1-5 and CES 1-7 spread
 * evenly), averaged with weights halving every `halfLifeDays` of age: newer answers count more.
 */
const ZSentiment = z
  .object({
    weight,
    scale: ZScale,
    windowDays: z.number().int().min(1).max(730),
    halfLifeDays: z.number().int().min(1).max(730),
  })
  .strict()
/** Points taken off 100 for each open detractor case, and for each overdue one (on top of being open). */
const ZFollowUp = z
  .object({
    weight,
    pointsPerOpenCase: z.number().int().min(0).max(100),
    pointsPerOverdueCase: z.number().int().min(0).max(100),
  })
  .strict()
/** Paid MRR now as a % of `lookbackDays` ago: contraction lowers it, a cancellation makes it 0. */
const ZRevenue = z.object({ weight, scale: ZScale, lookbackDays: z.number().int().min(1).max(730) }).strict()
/** Answers ÷ surveys shown to the account's people within `windowDays`, as a %. */
const ZParticipation = z
  .object({ weight, scale: ZScale, windowDays: z.number().int().min(1).max(730) })
  .strict()

/** A project's health model: each component's weight and thresholds, and the bands. */
export const ZHealthModel = z
  .object({
    components: z
      .object({
        usage: ZUsage,
        adoption: ZAdoption,
        sentiment: ZSentiment,
        followUp: ZFollowUp,
        revenue: ZRevenue,
        participation: ZParticipation,
      })
      .strict(),
    bands: ZHealthBands,
  })
  .strict()
  .refine((model) => HEALTH_COMPONENT_KEYS.some((key) => model.components[key].weight > 0), {
    message: 'at least one component needs a weight above 0',
    path: ['components'],
  })
export type THealthModel = z.infer<typeof ZHealthModel>

/**
 * The model every project starts with: usage and sentiment weigh most, then adoption and revenue, then
 * follow-up and participation. Thresholds are where a CSM would start to worry (0 points) and stop (100).
 */
export const DEFAULT_HEALTH_MODEL: THealthModel = {
  components: {
    usage: { weight: 25, scale: { zero: 20, full: 90 } },
    adoption: { weight: 15, scale: { zero: 10, full: 60 } },
    sentiment: { weight: 25, scale: { zero: 40, full: 85 }, windowDays: 180, halfLifeDays: 60 },
    followUp: { weight: 10, pointsPerOpenCase: 30, pointsPerOverdueCase: 40 },
    revenue: { weight: 15, scale: { zero: 50, full: 100 }, lookbackDays: 90 },
    participation: { weight: 10, scale: { zero: 5, full: 40 }, windowDays: 180 },
  },
  bands: DEFAULT_HEALTH_BANDS,
}
