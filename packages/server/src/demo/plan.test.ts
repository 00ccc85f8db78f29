import { bucketOf } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import { beforeAll, describe, expect, it } from 'vitest'
import { COMMENTS, THEMES } from './comments'
import { type DemoPlan, type PlannedDisplay, planDemo } from './plan'

const NOW = Date.UTC(2026, 10, 22, 12, 0)

const answered = (plan: DemoPlan, kind: SurveyKind) =>
  plan.displays.filter((display) => display.kind === kind && display.response)

function nps(displays: readonly PlannedDisplay[]): number {
  const scores = displays.flatMap((display) => (display.response ? [display.response.answer.score] : []))
  const share = (test: (score: number) => boolean) => scores.filter(test).length / scores.length
  return Math.round((share((s) => s >= 9) - share((s) => s <= 6)) * 100)
}

describe('the demo plan', () => {
  let plan: DemoPlan
  beforeAll(() => {
    plan = planDemo('full', NOW)
  })

  it('has the sizes the demo promises', () => {
    const responses = plan.displays.filter((display) => display.response)
    expect(plan.accounts).toHaveLength(200)
    expect(plan.persons.length).toBeGreaterThan(1_000)
    expect(plan.persons.length).toBeLessThan(1_400)
    expect(responses.length).toBeGreaterThan(4_800)
    expect(responses.length).toBeLessThan(5_200)
    expect(plan.events).toHaveLength(100_000)
    const unanswered = (plan.displays.length - responses.length) / plan.displays.length
    expect(unanswered).toBeCloseTo(0.3, 1)
    const commented = responses.filter((display) => display.response?.answer.comment).length
    expect(commented / responses.length).toBeCloseTo(0.4, 1)
  })

  it('puts everything within the year before today, in time order', () => {
    const { start, end } = plan.timeline
    const times = [
      ...plan.displays.flatMap((d) => [d.shownAt, d.dismissedAt ?? d.shownAt, d.response?.at ?? d.shownAt]),
      ...plan.events.map((event) => event.at),
    ]
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start)
    expect(Math.max(...times)).toBeLessThan(end)
    expect(end).toBeLessThanOrEqual(NOW)
    expect(plan.events.every((event, i) => i === 0 || (plan.events[i - 1]?.at ?? 0) <= event.at)).toBe(true)
  })

  it('gives an NPS of +20 to +35, enterprise far happier than free, and a dip after the price change', () => {
    const npsDisplays = answered(plan, 'nps')
    expect(nps(npsDisplays)).toBeGreaterThanOrEqual(20)
    expect(nps(npsDisplays)).toBeLessThanOrEqual(35)
    const onPlan = (plan: string) => npsDisplays.filter((display) => display.person.account.plan === plan)
    expect(nps(onPlan('enterprise')) - nps(onPlan('free'))).toBeGreaterThan(25)

    const { timeline } = plan
    const monthOf = (display: PlannedDisplay) => timeline.date(timeline.dayOf(display.shownAt)).slice(0, 7)
    const changeMonth = timeline.date(timeline.pricingChangeDay).slice(0, 7)
    const monthBefore = timeline.date(timeline.pricingChangeDay - 1).slice(0, 7)
    const inMonth = (month: string) => npsDisplays.filter((display) => monthOf(display) === month)
    expect(nps(inMonth(monthBefore)) - nps(inMonth(changeMonth))).toBeGreaterThan(8)
  })

  it('scores every answer on its scale, in the bucket the shared rules give it', () => {
    for (const display of plan.displays) {
      if (!display.response) continue
      const { score, bucket } = display.response.answer
      expect(bucketOf(display.kind, score)).toBe(bucket)
    }
  })

  it('writes comments on every theme, in six languages', () => {
    const languageOf = new Map<string, string>()
    for (const byBucket of Object.values(COMMENTS)) {
      for (const byLanguage of Object.values(byBucket)) {
        for (const [language, texts] of Object.entries(byLanguage)) {
          for (const text of texts ?? []) languageOf.set(text, language)
        }
      }
    }
    const comments = plan.displays.flatMap((display) => display.response?.answer.comment ?? [])
    const themes = new Set(comments.flatMap((comment) => comment.themes))
    expect([...themes].sort()).toEqual([...THEMES].sort())
    const languages = new Set(
      comments.map((comment) => [...languageOf].find(([text]) => comment.text.startsWith(text))?.[1]),
    )
    expect([...languages].sort()).toEqual(['de', 'en', 'es', 'fr', 'ja', 'pt-BR'])
  })

  it('has English texts for every theme and bucket, so any comment can be written', () => {
    for (const theme of THEMES) {
      for (const texts of Object.values(COMMENTS[theme])) expect(texts.en?.length).toBeGreaterThan(0)
    }
  })

  it('prices accounts by plan: free is free, and each plan costs more than the one below', () => {
    const mrr = (name: string) =>
      plan.accounts.filter((account) => account.plan === name).map((account) => account.traits.mrr)
    expect(new Set(mrr('free'))).toEqual(new Set([0]))
    for (const [lower, higher] of [
      ['starter', 'pro'],
      ['pro', 'enterprise'],
    ] as const) {
      expect(Math.max(...mrr(lower))).toBeLessThan(Math.min(...mrr(higher)))
    }
  })

  it('has weekly seasonality: a weekday sees over twice the events of a weekend day', () => {
    const perDay = new Map<number, number>()
    for (const event of plan.events) {
      const day = plan.timeline.dayOf(event.at)
      perDay.set(day, (perDay.get(day) ?? 0) + 1)
    }
    const average = (weekend: boolean) => {
      const days = [...perDay].filter(([day]) => {
        const weekday = new Date(plan.timeline.date(day)).getUTCDay()
        return (weekday === 0 || weekday === 6) === weekend
      })
      return days.reduce((sum, [, n]) => sum + n, 0) / days.length
    }
    expect(average(false) / average(true)).toBeGreaterThan(2)
  })

  it('is the same on every run of a day', () => {
    const digest = (plan: DemoPlan) => ({
      displays: plan.displays.map((d) => [d.id, d.kind, d.person.id, d.shownAt, d.response?.answer]),
      events: plan.events.map((e) => [e.id, e.name, e.userId, e.at]),
    })
    const morning = planDemo('small', NOW - 3 * 3_600_000)
    const evening = planDemo('small', NOW + 6 * 3_600_000)
    expect(digest(evening)).toEqual(digest(morning))
  })
})
