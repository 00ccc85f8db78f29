import { describe, expect, it } from 'vitest'
import { bodyOf, changeKind, createBodyOf, formOf, longHex, newSurveyForm, previewOf } from './survey-form'
import type { SurveyJson } from './types'

const stored: SurveyJson = {
  id: 'srv_1',
  name: 'Checkout',
  kind: 'nps',
  status: 'active',
  defaultLocale: 'en',
  question: { en: 'Recommend us?', de: 'Empfehlen?' },
  followUp: { default: { en: 'Why?', de: 'Warum?' }, promoter: { en: 'What do you like?' } },
  scaleLabels: { low: { en: 'Never' }, high: { en: 'Surely' } },
  thankYou: { en: 'Thanks!' },
  targeting: {
    triggers: [
      { type: 'event', name: 'checkout.done', where: [{ property: 'total', op: 'gt', value: 10 }] },
      { type: 'pageview', url: { op: 'startsWith', value: 'https://shop.example/thanks' } },
    ],
    delaySeconds: 2,
    audience: [{ trait: 'plan', op: 'eq', value: 'pro' }],
    samplePercent: 50,
    displayLimit: 2,
    recurEveryDays: 90,
  },
  appearance: { position: 'center', brandColor: '#abc', theme: 'dark' },
  schedule: { endsAt: '2027-01-01T00:00:00.000Z' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

describe('the survey form', () => {
  it('sends back what it does not show: other locales, later triggers, conditions, the audience', () => {
    const body = bodyOf({ ...formOf(stored), question: 'Would you recommend us?' }, stored)
    expect(body.question).toEqual({ en: 'Would you recommend us?', de: 'Empfehlen?' })
    expect(body.followUp).toEqual({
      default: { en: 'Why?', de: 'Warum?' },
      promoter: { en: 'What do you like?' },
    })
    expect(body.targeting).toEqual(stored.targeting)
    expect(body.appearance).toEqual({ position: 'center', brandColor: '#aabbcc', theme: 'dark' })
    expect(body.schedule).toEqual({ endsAt: '2027-01-01T00:00:00.000Z' })
  })

  it('drops an event’s conditions when the event changes, and removes emptied optional texts', () => {
    const form = { ...formOf(stored), eventName: 'signup.done', thankYou: '', low: '', high: '' }
    const body = bodyOf(form, stored)
    expect(body.targeting.triggers[0]).toEqual({ type: 'event', name: 'signup.done' })
    expect(body.thankYou).toBeNull()
    expect(body.scaleLabels).toBeNull()
  })

  it('sends a number as typed, and text that is no number as text for the API to name', () => {
    const body = bodyOf({
      ...newSurveyForm(),
      delaySeconds: ' 5 ',
      samplePercent: 'lots',
      recurEveryDays: '',
    })
    expect(body.targeting).toMatchObject({ delaySeconds: 5, samplePercent: 'lots', recurEveryDays: null })
  })

  it('creates without the optional texts left empty, on any page', () => {
    const body = createBodyOf({ ...newSurveyForm(), name: 'New' })
    expect(body).not.toHaveProperty('thankYou')
    expect(body).not.toHaveProperty('scaleLabels')
    expect(body.targeting.triggers).toEqual([{ type: 'pageview' }])
    expect(body).not.toHaveProperty('status')
  })

  it('swaps the starting words with the kind, but never words the person wrote', () => {
    const csat = changeKind(newSurveyForm('nps'), 'csat')
    expect(csat.question).toBe(newSurveyForm('csat').question)
    const own = changeKind({ ...newSurveyForm('nps'), question: 'Mine' }, 'ces')
    expect(own.question).toBe('Mine')
  })

  it('previews the texts of the form in its language', () => {
    const preview = previewOf({ ...formOf(stored), followUpDetractor: 'What went wrong?' })
    expect(preview.question).toEqual({ en: 'Recommend us?' })
    expect(preview.followUp.detractor).toEqual({ en: 'What went wrong?' })
    expect(preview.appearance.brandColor).toBe('#aabbcc')
    expect(longHex('#4f46e5')).toBe('#4f46e5')
  })
})
