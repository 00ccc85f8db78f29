/**
 * The survey editor's form, modelled as flat text fields (what inputs hold), and the two ways out of it: the
 * body sent to the admin API and the survey the preview draws. Editing keeps what the form does not show:
 * the texts of other locales, triggers after the first, an event trigger's property conditions, the
 * audience. The server validates; its message, naming the field, is what the person reads.
 */
import type { WidgetSurvey } from '@heed/widget/preview'
import type { LocalizedText, SurveyJson, Trigger, UrlRule } from './types'

export const URL_OPS = ['equals', 'startsWith', 'contains', 'glob'] as const
export const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'] as const
export const THEMES = ['auto', 'light', 'dark'] as const

export interface SurveyForm {
  name: string
  kind: SurveyJson['kind']
  defaultLocale: string
  question: string
  followUp: string
  followUpDetractor: string
  followUpPassive: string
  followUpPromoter: string
  low: string
  high: string
  thankYou: string
  trigger: Trigger['type']
  /** '' for every page. */
  urlOp: '' | UrlRule['op']
  urlValue: string
  eventName: string
  delaySeconds: string
  samplePercent: string
  displayLimit: string
  /** '' for never again once answered. */
  recurEveryDays: string
  position: SurveyJson['appearance']['position']
  brandColor: string
  theme: SurveyJson['appearance']['theme']
  /** `datetime-local` values, in the browser's time zone; '' for an open end. */
  startsAt: string
  endsAt: string
}

/** The words a new survey of each kind starts with, so the preview shows a real survey at once. */
const STARTERS: Record<SurveyJson['kind'], { question: string; followUp: string }> = {
  nps: {
    question: 'How likely are you to recommend us to a friend or colleague?',
    followUp: 'What is the main reason for your score?',
  },
  csat: { question: 'How satisfied are you with this?', followUp: 'What could we do better?' },
  ces: { question: 'How easy was it to get this done?', followUp: 'What made it harder than it should be?' },
}

export function newSurveyForm(kind: SurveyJson['kind'] = 'nps'): SurveyForm {
  return {
    name: '',
    kind,
    defaultLocale: 'en',
    ...STARTERS[kind],
    followUpDetractor: '',
    followUpPassive: '',
    followUpPromoter: '',
    low: '',
    high: '',
    thankYou: '',
    trigger: 'pageview',
    urlOp: '',
    urlValue: '',
    eventName: '',
    delaySeconds: '0',
    samplePercent: '100',
    displayLimit: '1',
    recurEveryDays: '',
    position: 'bottom-right',
    brandColor: '#4f46e5',
    theme: 'auto',
    startsAt: '',
    endsAt: '',
  }
}

/** A new survey of another kind gets that kind's starting words, unless the person has written their own. */
export function changeKind(form: SurveyForm, kind: SurveyJson['kind']): SurveyForm {
  const before = STARTERS[form.kind]
  const after = STARTERS[kind]
  return {
    ...form,
    kind,
    question: form.question === before.question ? after.question : form.question,
    followUp: form.followUp === before.followUp ? after.followUp : form.followUp,
  }
}

/** `datetime-local` text of an instant, in the browser's time zone. */
export function localInput(iso: string | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function formOf(survey: SurveyJson): SurveyForm {
  const locale = survey.defaultLocale
  const text = (localized: LocalizedText | undefined) => localized?.[locale] ?? ''
  const first = survey.targeting.triggers[0]
  return {
    name: survey.name,
    kind: survey.kind,
    defaultLocale: locale,
    question: text(survey.question),
    followUp: text(survey.followUp.default),
    followUpDetractor: text(survey.followUp.detractor),
    followUpPassive: text(survey.followUp.passive),
    followUpPromoter: text(survey.followUp.promoter),
    low: text(survey.scaleLabels?.low),
    high: text(survey.scaleLabels?.high),
    thankYou: text(survey.thankYou),
    trigger: first?.type ?? 'pageview',
    urlOp: first?.type === 'pageview' && first.url ? first.url.op : '',
    urlValue: first?.type === 'pageview' && first.url ? first.url.value : '',
    eventName: first?.type === 'event' ? first.name : '',
    delaySeconds: String(survey.targeting.delaySeconds),
    samplePercent: String(survey.targeting.samplePercent),
    displayLimit: String(survey.targeting.displayLimit),
    recurEveryDays: survey.targeting.recurEveryDays === null ? '' : String(survey.targeting.recurEveryDays),
    position: survey.appearance.position,
    brandColor: longHex(survey.appearance.brandColor),
    theme: survey.appearance.theme,
    startsAt: localInput(survey.schedule.startsAt),
    endsAt: localInput(survey.schedule.endsAt),
  }
}

/** '#abc' as '#aabbcc': a colour input only takes the long form. */
export const longHex = (colour: string) =>
  /^#[0-9a-f]{3}$/i.test(colour) ? `#${[...colour.slice(1)].map((digit) => digit + digit).join('')}` : colour

/**
 * A number typed into a field, or the text itself when it is none: the server then refuses it naming the
 * field, instead of the form quietly sending 0.
 */
function numberOf(text: string): number | string {
  const trimmed = text.trim()
  const value = Number(trimmed)
  return trimmed !== '' && Number.isFinite(value) ? value : text
}

function instantOf(local: string): string | undefined {
  if (local === '') return undefined
  const time = new Date(local).getTime()
  return Number.isNaN(time) ? local : new Date(time).toISOString()
}

/**
 * The fields of the survey the form describes, over `stored` (the survey being edited) so that what the form
 * does not show is kept. An emptied optional text is `null`: the API removes it (every locale of it).
 */
export function bodyOf(form: SurveyForm, stored?: SurveyJson) {
  const locale = form.defaultLocale.trim()
  const localized = (value: string, before: LocalizedText | undefined): LocalizedText | null =>
    value.trim() === '' ? null : { ...before, [locale]: value }
  const storedFirst = stored?.targeting.triggers[0]
  const first: Trigger =
    form.trigger === 'pageview'
      ? {
          type: 'pageview',
          ...(form.urlOp !== '' && { url: { op: form.urlOp, value: form.urlValue } }),
        }
      : {
          type: 'event',
          name: form.eventName.trim(),
          // The property conditions belong to the event they were written for.
          ...(storedFirst?.type === 'event' &&
            storedFirst.where &&
            storedFirst.name === form.eventName.trim() && { where: storedFirst.where }),
        }
  const followUp: Record<string, LocalizedText> = {
    default: localized(form.followUp, stored?.followUp.default) ?? {},
  }
  for (const [bucket, value] of [
    ['detractor', form.followUpDetractor],
    ['passive', form.followUpPassive],
    ['promoter', form.followUpPromoter],
  ] as const) {
    const text = localized(value, stored?.followUp[bucket])
    if (text) followUp[bucket] = text
  }
  const low = localized(form.low, stored?.scaleLabels?.low)
  const high = localized(form.high, stored?.scaleLabels?.high)
  const startsAt = instantOf(form.startsAt)
  const endsAt = instantOf(form.endsAt)
  return {
    name: form.name,
    kind: form.kind,
    defaultLocale: locale,
    question: localized(form.question, stored?.question) ?? {},
    followUp,
    // Both end labels or neither: one alone is refused by the API, naming the missing one.
    scaleLabels: low === null && high === null ? null : { low: low ?? {}, high: high ?? {} },
    thankYou: localized(form.thankYou, stored?.thankYou),
    targeting: {
      ...stored?.targeting,
      triggers: [first, ...(stored?.targeting.triggers.slice(1) ?? [])],
      delaySeconds: numberOf(form.delaySeconds),
      samplePercent: numberOf(form.samplePercent),
      displayLimit: numberOf(form.displayLimit),
      recurEveryDays: form.recurEveryDays.trim() === '' ? null : numberOf(form.recurEveryDays),
    },
    appearance: { position: form.position, brandColor: form.brandColor, theme: form.theme },
    schedule: { ...(startsAt && { startsAt }), ...(endsAt && { endsAt }) },
  }
}

/** The create body: the same fields, with the removed optional texts left out rather than null. */
export function createBodyOf(form: SurveyForm) {
  const { scaleLabels, thankYou, ...rest } = bodyOf(form)
  return { ...rest, ...(scaleLabels && { scaleLabels }), ...(thankYou && { thankYou }) }
}

/** The survey the preview draws: what a visitor would be asked once this is saved. */
export function previewOf(form: SurveyForm): WidgetSurvey {
  const body = bodyOf(form)
  const locale = body.defaultLocale || 'en'
  const text = (value: string) => ({ [locale]: value })
  return {
    id: 'preview',
    kind: form.kind,
    defaultLocale: locale,
    question: text(form.question),
    followUp: {
      default: text(form.followUp),
      ...(form.followUpDetractor.trim() && { detractor: text(form.followUpDetractor) }),
      ...(form.followUpPassive.trim() && { passive: text(form.followUpPassive) }),
      ...(form.followUpPromoter.trim() && { promoter: text(form.followUpPromoter) }),
    },
    ...((form.low.trim() || form.high.trim()) && {
      scaleLabels: { low: text(form.low), high: text(form.high) },
    }),
    ...(form.thankYou.trim() && { thankYou: text(form.thankYou) }),
    targeting: {
      triggers: [{ type: 'pageview' }],
      delaySeconds: 0,
      audience: [],
      samplePercent: 100,
      displayLimit: 1,
      recurEveryDays: null,
    },
    appearance: {
      position: form.position,
      brandColor: /^#[0-9a-f]{6}$/i.test(form.brandColor) ? form.brandColor : '#4f46e5',
      theme: form.theme,
    },
  }
}
