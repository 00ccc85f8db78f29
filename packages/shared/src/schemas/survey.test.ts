import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { toFieldIssues } from './issues'
import { ZSurveyCreate, ZSurveyDefinition, ZSurveyUpdate } from './survey'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

const minimal = {
  name: 'Quarterly NPS',
  kind: 'nps',
  defaultLocale: 'en',
  question: { en: 'How likely are you to recommend us to a friend?' },
  followUp: { default: { en: 'What is the main reason for your score?' } },
  targeting: { triggers: [{ type: 'pageview' }] },
}

describe('ZSurveyDefinition', () => {
  it('fills in status, targeting, appearance and schedule defaults', () => {
    expect(ZSurveyDefinition.parse(minimal)).toEqual({
      ...minimal,
      status: 'draft',
      targeting: {
        triggers: [{ type: 'pageview' }],
        delaySeconds: 0,
        audience: [],
        samplePercent: 100,
        displayLimit: 1,
        recurEveryDays: null,
      },
      appearance: { position: 'bottom-right', brandColor: '#4f46e5', theme: 'auto' },
      schedule: {},
    })
  })

  it('accepts a complete definition and spells locales and colours canonically', () => {
    const survey = ZSurveyCreate.parse({
      ...minimal,
      kind: 'csat',
      status: 'active',
      defaultLocale: 'pt-br',
      question: { 'pt-BR': 'Como foi?', en: 'How was it?' },
      followUp: {
        default: { 'pt-BR': 'Por quê?' },
        detractor: { pt_br: 'O que faltou?' },
        passive: { 'pt-BR': 'O que melhorar?' },
        promoter: { 'pt-BR': 'Do que gostou?' },
      },
      scaleLabels: { low: { 'pt-BR': 'Ruim' }, high: { 'pt-BR': 'Ótimo' } },
      thankYou: { 'pt-BR': 'Obrigado!' },
      appearance: { position: 'center', brandColor: '#ABC', theme: 'dark' },
      schedule: { startsAt: '2024-05-01T00:00:00Z', endsAt: '2024-06-01T00:00:00+02:00' },
    })
    expect(survey.defaultLocale).toBe('pt-BR')
    expect(survey.followUp.detractor).toEqual({ 'pt-BR': 'O que faltou?' })
    expect(survey.appearance).toEqual({ position: 'center', brandColor: '#abc', theme: 'dark' })
    expect(survey.schedule.endsAt).toBe('2024-06-01T00:00:00+02:00')
  })

  it('requires the default locale in every text, naming the text', () => {
    expect(messagesOf(ZSurveyDefinition, { ...minimal, defaultLocale: 'de' })).toEqual([
      "question: must have a text for the default locale 'de'",
      "followUp.default: must have a text for the default locale 'de'",
    ])
    expect(
      messagesOf(ZSurveyDefinition, {
        ...minimal,
        followUp: { ...minimal.followUp, promoter: { fr: 'Merci' } },
        scaleLabels: { low: { en: 'Not likely' }, high: { fr: 'Très' } },
        thankYou: { fr: 'Merci' },
      }),
    ).toEqual([
      "followUp.promoter: must have a text for the default locale 'en'",
      "scaleLabels.high: must have a text for the default locale 'en'",
      "thankYou: must have a text for the default locale 'en'",
    ])
  })

  it('refuses unknown keys at every level, naming them', () => {
    expect(messagesOf(ZSurveyDefinition, { ...minimal, titel: 'x' })).toEqual(['titel: is not a known field'])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, appearance: { colour: '#fff' } })).toEqual([
      'appearance.colour: is not a known field',
    ])
    expect(
      messagesOf(ZSurveyDefinition, { ...minimal, followUp: { ...minimal.followUp, neutral: { en: 'x' } } }),
    ).toEqual(['followUp.neutral: is not a known field'])
  })

  it('names the field for each rule', () => {
    expect(messagesOf(ZSurveyDefinition, { ...minimal, name: ' ' })).toEqual(['name: must not be empty'])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, name: 'n'.repeat(201) })).toEqual([
      'name: must be at most 200 characters',
    ])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, kind: 'stars' })).toEqual([
      "kind: must be one of 'nps', 'csat', 'ces'",
    ])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, status: 'live' })).toEqual([
      "status: must be one of 'draft', 'active', 'paused', 'archived'",
    ])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, question: { en: 'q'.repeat(501) } })).toEqual([
      'question.en: must be at most 500 characters',
    ])
    expect(
      messagesOf(ZSurveyDefinition, {
        ...minimal,
        scaleLabels: { low: { en: 'l'.repeat(101) }, high: { en: 'x' } },
      }),
    ).toEqual(['scaleLabels.low.en: must be at most 100 characters'])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, appearance: { brandColor: 'indigo' } })).toEqual([
      "appearance.brandColor: must be a hex colour such as '#4f46e5' or '#fff'",
    ])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, appearance: { position: 'middle' } })).toEqual([
      "appearance.position: must be one of 'bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'",
    ])
    expect(
      messagesOf(ZSurveyDefinition, { ...minimal, targeting: { triggers: [{ type: 'event' }] } }),
    ).toEqual(['targeting.triggers.0.name: must be a string'])
    const { question: _question, ...withoutQuestion } = minimal
    expect(messagesOf(ZSurveyDefinition, withoutQuestion)).toEqual(['question: must be an object'])
  })

  it('requires the schedule to end after it starts', () => {
    const schedule = (startsAt: string, endsAt: string) => ({ ...minimal, schedule: { startsAt, endsAt } })
    expect(
      messagesOf(ZSurveyDefinition, schedule('2024-05-01T10:00:00Z', '2024-05-01T12:00:00+02:00')),
    ).toEqual(['schedule.endsAt: must be after schedule.startsAt'])
    expect(messagesOf(ZSurveyDefinition, { ...minimal, schedule: { startsAt: '2024-05-01' } })).toEqual([
      'schedule.startsAt: must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z',
    ])
    expect(
      ZSurveyDefinition.parse({ ...minimal, schedule: { endsAt: '2024-05-01T10:00:00Z' } }).schedule,
    ).toEqual({
      endsAt: '2024-05-01T10:00:00Z',
    })
  })
})

describe('ZSurveyUpdate', () => {
  it('takes any subset of fields and fills in no defaults', () => {
    expect(ZSurveyUpdate.parse({ name: 'Renamed' })).toEqual({ name: 'Renamed' })
    expect(ZSurveyUpdate.parse({ status: 'paused', thankYou: null, scaleLabels: null })).toEqual({
      status: 'paused',
      thankYou: null,
      scaleLabels: null,
    })
  })

  it('replaces nested objects whole, with their own defaults', () => {
    expect(ZSurveyUpdate.parse({ appearance: { theme: 'light' } })).toEqual({
      appearance: { position: 'bottom-right', brandColor: '#4f46e5', theme: 'light' },
    })
  })

  it('requires at least one field and still checks each field', () => {
    expect(messagesOf(ZSurveyUpdate, {})).toEqual(['body: must change at least one field'])
    expect(messagesOf(ZSurveyUpdate, { name: '' })).toEqual(['name: must not be empty'])
    expect(messagesOf(ZSurveyUpdate, { nmae: 'x' })).toEqual([
      'nmae: is not a known field',
      'body: must change at least one field',
    ])
    expect(
      messagesOf(ZSurveyUpdate, {
        schedule: { startsAt: '2024-05-02T00:00:00Z', endsAt: '2024-05-01T00:00:00Z' },
      }),
    ).toEqual(['schedule.endsAt: must be after schedule.startsAt'])
  })
})
