import type { TTrigger } from '@heed/shared/schemas/targeting'
import { passes } from './conditions'
import { percentile } from './hash'
import type { State } from './state'
import type { WidgetSurvey } from './survey'
import { matchesUrl } from './url-rule'

/** Either kind of trigger, its fields read without narrowing on `type`: a page view's have no name. */
type AnyTrigger = Partial<
  Omit<Extract<TTrigger, { type: 'event' }>, 'type'> & Omit<Extract<TTrigger, { type: 'pageview' }>, 'type'>
>

/**
 * Whether a page view at `url` (`event` undefined) or the tracked event of that name with these
 * properties makes the survey wait out its delay for the person of `state`:
 * - one of its triggers fires. A page view trigger has no name, so only a page view matches it; only it
 *   has a URL rule, and only an event trigger has conditions;
 * - the person is in its audience: every trait condition holds (a trait the widget was not told about is
 *   missing);
 * - and in its sample, by a hash of the survey with the person (the user id once identified, else the
 *   anonymous id), so each person's chance is independent across surveys and never changes between page
 *   loads.
 * Fatigue is another matter, checked when the delay is over (fatigue.ts).
 */
export const isTargeted = (
  survey: WidgetSurvey,
  { a, u, t, c }: State,
  url: string,
  event?: string,
  properties?: Record<string, unknown>,
): boolean => {
  const { triggers, audience, samplePercent } = survey.targeting
  return (
    triggers.some(
      ({ name, url: rule, where = [] }: AnyTrigger) =>
        event === name &&
        (!rule || matchesUrl(url, rule)) &&
        where.every((condition) => passes(properties?.[condition.property], condition)),
    ) &&
    audience.every((condition) =>
      passes((condition.source === 'person' ? t : c?.traits)?.[condition.trait], condition),
    ) &&
    percentile(`${survey.id}:${u ?? a}`) < samplePercent
  )
}
