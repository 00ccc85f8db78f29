import { type TSurveyDefinition, ZSurveyDefinition } from '@heed/shared/schemas/survey'
import type { SurveyKind } from '@heed/shared/scores/scales'

/** The demo product's web app; `.example` is reserved, so no link in the demo leads anywhere real. */
export const APP_ORIGIN = 'https://app.acme-analytics.example'

/** Events whose arrival asks the survey; the usage stream carries them just before each display. */
export const TRIGGER_EVENTS = { csat: 'ticket.resolved', ces: 'onboarding.completed' } as const

/** Exporting a report asks the NPS on the demo host page (/demo); the seeded year asks it on the dashboard. */
export const NPS_TRIGGER_EVENT = 'report.exported'

/** The demo's three surveys, in English and German, as a product team would set them up. */
export const DEMO_SURVEYS: Record<SurveyKind, TSurveyDefinition> = {
  nps: ZSurveyDefinition.parse({
    name: 'Quarterly NPS',
    kind: 'nps',
    status: 'active',
    defaultLocale: 'en',
    question: {
      en: 'How likely are you to recommend Acme Analytics to a friend or colleague?',
      de: 'Wie wahrscheinlich ist es, dass Sie Acme Analytics einem Freund oder Kollegen empfehlen?',
    },
    followUp: {
      default: {
        en: 'What is the main reason for your score?',
        de: 'Was ist der wichtigste Grund für Ihre Bewertung?',
      },
      detractor: { en: 'What should we fix first?', de: 'Was sollten wir zuerst verbessern?' },
      promoter: { en: 'What do you like most?', de: 'Was gefällt Ihnen am besten?' },
    },
    scaleLabels: {
      low: { en: 'Not at all likely', de: 'Überhaupt nicht wahrscheinlich' },
      high: { en: 'Extremely likely', de: 'Äußerst wahrscheinlich' },
    },
    thankYou: { en: 'Thank you for your feedback!', de: 'Vielen Dank für Ihr Feedback!' },
    targeting: {
      triggers: [
        { type: 'pageview', url: { op: 'startsWith', value: `${APP_ORIGIN}/dashboard` } },
        { type: 'event', name: NPS_TRIGGER_EVENT },
      ],
      // Soon and unsampled: whoever tries the demo page is asked, without a long wait.
      delaySeconds: 2,
      audience: [{ source: 'person', trait: 'signupDate', op: 'exists' }],
      recurEveryDays: 90,
    },
  }),
  csat: ZSurveyDefinition.parse({
    name: 'Support satisfaction',
    kind: 'csat',
    status: 'active',
    defaultLocale: 'en',
    question: {
      en: 'How satisfied are you with the help you received?',
      de: 'Wie zufrieden sind Sie mit der Hilfe, die Sie erhalten haben?',
    },
    followUp: {
      default: {
        en: 'Tell us more about your experience.',
        de: 'Erzählen Sie uns mehr über Ihre Erfahrung.',
      },
      detractor: { en: 'What went wrong?', de: 'Was ist schiefgelaufen?' },
    },
    scaleLabels: {
      low: { en: 'Very dissatisfied', de: 'Sehr unzufrieden' },
      high: { en: 'Very satisfied', de: 'Sehr zufrieden' },
    },
    targeting: {
      triggers: [{ type: 'event', name: TRIGGER_EVENTS.csat }],
      delaySeconds: 5,
      recurEveryDays: 14,
      displayLimit: 3,
    },
    appearance: { position: 'center' },
  }),
  ces: ZSurveyDefinition.parse({
    name: 'Onboarding effort',
    kind: 'ces',
    status: 'active',
    defaultLocale: 'en',
    question: {
      en: 'Acme Analytics made it easy for me to get set up.',
      de: 'Acme Analytics hat mir die Einrichtung leicht gemacht.',
    },
    followUp: {
      default: { en: 'What could have been easier?', de: 'Was hätte einfacher sein können?' },
      promoter: { en: 'What helped you most?', de: 'Was hat Ihnen am meisten geholfen?' },
    },
    scaleLabels: {
      low: { en: 'Strongly disagree', de: 'Stimme überhaupt nicht zu' },
      high: { en: 'Strongly agree', de: 'Stimme voll und ganz zu' },
    },
    targeting: { triggers: [{ type: 'event', name: TRIGGER_EVENTS.ces }], delaySeconds: 2 },
  }),
}
