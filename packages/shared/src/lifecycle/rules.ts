import { z } from 'zod'

const eventName = z.string().trim().min(1).max(200)
const days = z.number().int().min(1).max(3650)

/**
 * What decides an account's stage (see `decideStage`): the event that means a customer got set up
 * (activation), the event that means it recommended the product (referral), how long onboarding may take,
 * how long adoption takes before
 * value counts, how recent a promoter answer or referral must be for advocacy, and which health bands mean
 * at risk.
 */
export const ZLifecycleRules = z
  .object({
    activationEvent: eventName,
    referralEvent: eventName,
    onboardingDays: days,
    valueAfterDays: days,
    advocacyWithinDays: days,
    atRiskBands: z.array(z.enum(['red', 'yellow'])).max(2),
  })
  .strict()
export type TLifecycleRules = z.infer<typeof ZLifecycleRules>

/** Works with no configuration for a product that tracks `report.created` and `referral.sent`. */
export const DEFAULT_LIFECYCLE_RULES: TLifecycleRules = {
  activationEvent: 'report.created',
  referralEvent: 'referral.sent',
  onboardingDays: 30,
  valueAfterDays: 60,
  advocacyWithinDays: 90,
  atRiskBands: ['red'],
}
