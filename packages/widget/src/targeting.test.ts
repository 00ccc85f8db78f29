import type { TTraits } from '@heed/shared/schemas/json'
import { describe, expect, it } from 'vitest'
import type { State } from './state'
import type { WidgetSurvey } from './survey'
import { isTargeted } from './targeting'
import { aSurvey } from './test-support'

const PAGE = 'https://app.example.com/billing'
const anonymous: State = { v: 1, a: 'anon-1', f: { s: {} } }

/** Whether a page view (no event) or an event triggers the survey, for someone in every audience and sample. */
const isTriggered = (
  survey: WidgetSurvey,
  url: string,
  event?: string,
  properties?: Record<string, unknown>,
) => isTargeted(survey, anonymous, url, event, properties)

/** Whether the identified person is in the survey's audience and sample, on a page view that triggers it. */
const holds = (survey: WidgetSurvey, userId: string, traits?: TTraits, accountTraits?: TTraits) =>
  isTargeted(survey, { ...anonymous, u: userId, t: traits, c: { id: 'acme', traits: accountTraits } }, PAGE)

describe('triggers', () => {
  it('fires a page view trigger on any page, or on pages matching its URL rule', () => {
    expect(isTriggered(aSurvey(), PAGE)).toBe(true)
    const onBilling = aSurvey('s', {
      triggers: [{ type: 'pageview', url: { op: 'contains', value: '/billing' } }],
    })
    expect(isTriggered(onBilling, PAGE)).toBe(true)
    expect(isTriggered(onBilling, 'https://app.example.com/home')).toBe(false)
  })

  it('does not fire a page view trigger on an event, nor an event trigger on a page view', () => {
    const onEvent = aSurvey('s', { triggers: [{ type: 'event', name: 'export_done' }] })
    expect(isTriggered(aSurvey(), PAGE, 'export_done')).toBe(false)
    expect(isTriggered(onEvent, PAGE)).toBe(false)
    expect(isTriggered(onEvent, PAGE, 'export_done')).toBe(true)
    expect(isTriggered(onEvent, PAGE, 'export_failed')).toBe(false)
  })

  it('fires an event trigger only when every property condition holds', () => {
    const survey = aSurvey('s', {
      triggers: [
        {
          type: 'event',
          name: 'export_done',
          where: [
            { property: 'rows', op: 'gte', value: 1000 },
            { property: 'format', op: 'in', value: ['csv', 'xlsx'] },
          ],
        },
      ],
    })
    expect(isTriggered(survey, PAGE, 'export_done', { rows: 5000, format: 'csv' })).toBe(true)
    expect(isTriggered(survey, PAGE, 'export_done', { rows: 10, format: 'csv' })).toBe(false)
    expect(isTriggered(survey, PAGE, 'export_done', { rows: 5000 })).toBe(false)
    expect(isTriggered(survey, PAGE, 'export_done')).toBe(false)
  })

  it('fires when any one of several triggers does', () => {
    const survey = aSurvey('s', {
      triggers: [
        { type: 'event', name: 'a' },
        { type: 'pageview', url: { op: 'glob', value: '*/billing' } },
      ],
    })
    expect(isTriggered(survey, PAGE)).toBe(true)
    expect(isTriggered(survey, 'https://app.example.com/', 'a')).toBe(true)
    expect(isTriggered(survey, 'https://app.example.com/')).toBe(false)
  })
})

describe('audience and sample', () => {
  const audience = aSurvey('s', {
    audience: [
      { source: 'person', trait: 'role', op: 'eq', value: 'admin' },
      { source: 'account', trait: 'seats', op: 'gte', value: 10 },
    ],
  })

  it('holds a person whose person and account traits meet every condition', () => {
    expect(holds(audience, 'u1', { role: 'admin' }, { seats: 12 })).toBe(true)
    expect(holds(audience, 'u1', { role: 'member' }, { seats: 12 })).toBe(false)
    expect(holds(audience, 'u1', { role: 'admin' }, { seats: 3 })).toBe(false)
  })

  it('counts traits the widget was not told about as missing', () => {
    expect(holds(audience, 'u1', { role: 'admin' })).toBe(false)
    expect(holds(audience, 'u1')).toBe(false)
    // A trait is looked up where the condition says: an account trait is not a person trait.
    expect(holds(audience, 'u1', { role: 'admin', seats: 50 })).toBe(false)
    const newcomers = aSurvey('s', { audience: [{ source: 'person', trait: 'plan', op: 'notExists' }] })
    expect(holds(newcomers, 'u1')).toBe(true)
    expect(holds(newcomers, 'u1', { plan: null })).toBe(true)
    expect(holds(newcomers, 'u1', { plan: 'pro' })).toBe(false)
  })

  it('samples each person the same way on every call, and about samplePercent of them', () => {
    const sampled = aSurvey('srv_sampled', { samplePercent: 30 })
    const people = Array.from({ length: 10_000 }, (_, i) => `person-${i}`)
    const first = people.map((person) => holds(sampled, person))
    expect(people.map((person) => holds(sampled, person))).toEqual(first)
    const share = first.filter(Boolean).length / people.length
    expect(share).toBeGreaterThan(0.28)
    expect(share).toBeLessThan(0.32)
  })

  it('draws the sample of each survey independently', () => {
    const people = Array.from({ length: 2_000 }, (_, i) => `person-${i}`)
    const inA = people.filter((person) => holds(aSurvey('srv_a', { samplePercent: 50 }), person))
    const inBoth = inA.filter((person) => holds(aSurvey('srv_b', { samplePercent: 50 }), person))
    expect(inBoth.length / inA.length).toBeGreaterThan(0.4)
    expect(inBoth.length / inA.length).toBeLessThan(0.6)
  })

  it('asks nobody at 0 percent and everybody at 100', () => {
    const people = Array.from({ length: 1_000 }, (_, i) => `person-${i}`)
    expect(people.some((person) => holds(aSurvey('s', { samplePercent: 0 }), person))).toBe(false)
    expect(people.every((person) => holds(aSurvey('s', { samplePercent: 100 }), person))).toBe(true)
  })

  it('samples the user id once identified, else the anonymous id', () => {
    const sampled = aSurvey('srv_sampled', { samplePercent: 50 })
    const people = Array.from({ length: 200 }, (_, i) => `person-${i}`)
    const byUserId = people.map((person) => holds(sampled, person))
    const byAnonymousId = people.map((person) => isTargeted(sampled, { ...anonymous, a: person }, PAGE))
    expect(byAnonymousId).toEqual(byUserId)
    expect(new Set(byUserId).size).toBe(2)
  })
})
