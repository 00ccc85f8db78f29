import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Fatigue, mayShow, recordAnswered, recordShown } from './fatigue'
import { aSurvey } from './test-support'

const DAY = 86_400_000

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.UTC(2026, 0, 1))
})
afterEach(() => {
  vi.useRealTimers()
})

describe('fatigue', () => {
  it('lets a survey nobody has seen show', () => {
    expect(mayShow({ s: {} }, aSurvey(), 30)).toBe(true)
  })

  it('keeps every survey away within the recontact window of any survey shown', () => {
    const fatigue: Fatigue = { s: {} }
    recordShown(fatigue, 'srv_other')
    vi.advanceTimersByTime(29 * DAY)
    expect(mayShow(fatigue, aSurvey('srv_nps', { displayLimit: 5 }), 30)).toBe(false)
    vi.advanceTimersByTime(DAY)
    expect(mayShow(fatigue, aSurvey('srv_nps', { displayLimit: 5 }), 30)).toBe(true)
    expect(mayShow({ ...fatigue, l: Date.now() }, aSurvey(), 0)).toBe(true)
  })

  it('shows a survey at most displayLimit times', () => {
    const fatigue: Fatigue = { s: {} }
    const survey = aSurvey('srv_nps', { displayLimit: 2 })
    recordShown(fatigue, survey.id)
    expect(mayShow(fatigue, survey, 0)).toBe(true)
    recordShown(fatigue, survey.id)
    expect(mayShow(fatigue, survey, 0)).toBe(false)
  })

  it('never asks again after an answer, unless recurEveryDays have passed', () => {
    const fatigue: Fatigue = { s: {} }
    recordShown(fatigue, 'srv_nps')
    recordAnswered(fatigue, 'srv_nps')
    const once = aSurvey('srv_nps', { displayLimit: 5, recurEveryDays: null })
    const quarterly = aSurvey('srv_nps', { displayLimit: 1, recurEveryDays: 90 })
    vi.advanceTimersByTime(89 * DAY)
    expect(mayShow(fatigue, once, 0)).toBe(false)
    expect(mayShow(fatigue, quarterly, 0)).toBe(false)
    vi.advanceTimersByTime(DAY)
    expect(mayShow(fatigue, once, 0)).toBe(false)
    // A new round: the display limit counts from the answer on.
    expect(mayShow(fatigue, quarterly, 0)).toBe(true)
  })
})
