import { pickLocalized } from '@heed/shared/schemas/localized-text'
import { bucketOf } from '@heed/shared/scores/buckets'
import type { WidgetSurvey } from '../survey'
import { directionOf } from './direction'
import { type DefaultTexts, defaultTexts } from './texts'

/** Everything the widget says to one person, in one language, and which way that language is written. */
export interface Wording extends DefaultTexts {
  /** The locale the question is shown in: the `lang` of the widget. */
  locale: string
  dir: 'rtl' | 'ltr'
  question: string
  /** The open question after `score`: the survey's wording for the score's bucket, else its default. */
  followUp(score: number): string
}

/**
 * The survey's texts for a person whose preferred locales are `locales`. The question decides the language:
 * the other texts and the widget's own words follow it, so a half-translated survey does not switch
 * language between its question and its follow-up when another translation exists for both.
 */
export function wordingFor(survey: WidgetSurvey, locales: readonly string[]): Wording {
  const { kind, defaultLocale, followUp } = survey
  const tags = Object.keys(survey.question)
  const locale = pickLocalized(Object.fromEntries(tags.map((tag) => [tag, tag])), locales, defaultLocale)
  const wanted = [locale, ...locales]
  const pick = (text: Readonly<Record<string, string>> | undefined) =>
    text ? pickLocalized(text, wanted, defaultLocale) : ''
  const own = defaultTexts(locale, kind)
  return {
    ...own,
    locale,
    dir: directionOf(locale),
    question: pick(survey.question),
    low: pick(survey.scaleLabels?.low) || own.low,
    high: pick(survey.scaleLabels?.high) || own.high,
    thanks: pick(survey.thankYou) || own.thanks,
    followUp: (score) => pick(followUp[bucketOf(kind, score)] ?? followUp.default),
  }
}
