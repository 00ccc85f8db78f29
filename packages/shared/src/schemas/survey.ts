import { z } from 'zod'
import { SURVEY_KINDS } from '../scores/scales'
import { LIMITS } from './limits'
import { type TLocalizedText, ZLocale, ZLocalizedText } from './locale'
import { ZTargeting } from './targeting'
import { ZTimestamp } from './timestamp'

/** Only 'active' surveys are sent to the widget; 'paused' keeps the data and stops asking. */
export const ZSurveyStatus = z.enum(['draft', 'active', 'paused', 'archived'])
export type TSurveyStatus = z.infer<typeof ZSurveyStatus>

const ZQuestionText = ZLocalizedText(LIMITS.questionText)

/**
 * The open question after the score. Its wording may differ by the bucket the score fell in ("What would
 * it take to…" for detractors, "What do you like most…" for promoters); `default` serves the others.
 */
export const ZFollowUp = z.strictObject({
  default: ZQuestionText,
  detractor: ZQuestionText.optional(),
  passive: ZQuestionText.optional(),
  promoter: ZQuestionText.optional(),
})
export type TFollowUp = z.infer<typeof ZFollowUp>

/** The words under the lowest and the highest answer ("Not at all likely" … "Extremely likely"). */
export const ZScaleLabels = z.strictObject({
  low: ZLocalizedText(LIMITS.scaleLabel),
  high: ZLocalizedText(LIMITS.scaleLabel),
})
export type TScaleLabels = z.infer<typeof ZScaleLabels>

/** How the widget looks. Every field has a default so `{}` is a complete appearance. */
export const ZAppearance = z.strictObject({
  position: z
    .enum(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'])
    .default('bottom-right'),
  brandColor: z
    .string()
    .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, "must be a hex colour such as '#4f46e5' or '#fff'")
    .overwrite((colour) => colour.toLowerCase())
    .default('#4f46e5'),
  /** 'auto' follows the visitor's prefers-color-scheme. */
  theme: z.enum(['auto', 'light', 'dark']).default('auto'),
})
export type TAppearance = z.infer<typeof ZAppearance>

/** The window in which an active survey may show; either end may be open. */
export const ZSchedule = z
  .strictObject({ startsAt: ZTimestamp.optional(), endsAt: ZTimestamp.optional() })
  .superRefine(({ startsAt, endsAt }, ctx) => {
    if (startsAt !== undefined && endsAt !== undefined && Date.parse(endsAt) <= Date.parse(startsAt)) {
      ctx.addIssue({
        code: 'custom',
        input: endsAt,
        path: ['endsAt'],
        message: 'must be after schedule.startsAt',
      })
    }
  })
export type TSchedule = z.infer<typeof ZSchedule>

/** The fields of a survey without their defaults, shared by the full definition and the partial update. */
const surveyFields = {
  name: z.string().trim().min(1).max(LIMITS.name),
  kind: z.enum(SURVEY_KINDS),
  status: ZSurveyStatus,
  /** The locale every text must have: it is shown when none of the visitor's locales is translated. */
  defaultLocale: ZLocale,
  question: ZQuestionText,
  followUp: ZFollowUp,
  scaleLabels: ZScaleLabels.optional(),
  thankYou: ZQuestionText.optional(),
  targeting: ZTargeting,
  appearance: ZAppearance,
  schedule: ZSchedule,
}

type TSurveyTexts = Pick<TSurveyDefinition, 'question' | 'followUp' | 'scaleLabels' | 'thankYou'>

/** Every localized text of a survey with the path that names it in an issue. */
function textsOf(survey: TSurveyTexts): [path: string[], text: TLocalizedText | undefined][] {
  return [
    [['question'], survey.question],
    [['followUp', 'default'], survey.followUp.default],
    [['followUp', 'detractor'], survey.followUp.detractor],
    [['followUp', 'passive'], survey.followUp.passive],
    [['followUp', 'promoter'], survey.followUp.promoter],
    [['scaleLabels', 'low'], survey.scaleLabels?.low],
    [['scaleLabels', 'high'], survey.scaleLabels?.high],
    [['thankYou'], survey.thankYou],
  ]
}

/**
 * A survey as authored through the admin API. Strict: an unknown key is almost always a typo that would
 * otherwise be dropped without a word. Every localized text must include the default locale, so a
 * visitor whose language is missing still sees the survey as written.
 */
export const ZSurveyDefinition = z
  .strictObject({
    ...surveyFields,
    status: ZSurveyStatus.default('draft'),
    appearance: ZAppearance.prefault({}),
    schedule: ZSchedule.prefault({}),
  })
  .superRefine((survey, ctx) => {
    for (const [path, text] of textsOf(survey)) {
      if (text !== undefined && !Object.hasOwn(text, survey.defaultLocale)) {
        ctx.addIssue({
          code: 'custom',
          input: text,
          path,
          message: `must have a text for the default locale '${survey.defaultLocale}'`,
        })
      }
    }
  })
export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>

/** The body that creates a survey: a whole definition. */
export const ZSurveyCreate = ZSurveyDefinition
export type TSurveyCreate = z.infer<typeof ZSurveyCreate>

/**
 * The body of a PATCH: any top-level fields of the definition, at least one. Each given field replaces the
 * stored one whole (nested defaults apply within it); `null` removes the optional texts. No defaults are
 * filled in for absent fields, and rules across fields (the default locale) are left to the server, which
 * checks the merged survey with ZSurveyDefinition.
 */
export const ZSurveyUpdate = z
  .strictObject({
    ...surveyFields,
    scaleLabels: ZScaleLabels.nullable(),
    thankYou: ZQuestionText.nullable(),
  })
  .partial()
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    error: 'must change at least one field',
  })
export type TSurveyUpdate = z.infer<typeof ZSurveyUpdate>
