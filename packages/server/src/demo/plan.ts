import type { SurveyKind } from '@heed/shared/scores/scales'
import type { EventInput } from '../store/events'
import { type Answer, answer } from './answers'
import { type DemoAccount, type DemoPerson, makeCompany } from './company'
import { fadeUsageBeforeLosses } from './disengagement'
import { type DemoTeamMember, demoTeam, type PlannedFollowUp, planFollowUps } from './follow-ups'
import { Random, WeightedIndex } from './random'
import { type DemoRevenue, planRevenue } from './revenue'
import { APP_ORIGIN, TRIGGER_EVENTS } from './surveys'
import { DEMO_DAYS, Timeline } from './timeline'
import { makeUsage, type NextId, sequence } from './usage'

/** `full` is the demo; `small` is a fifteenth of it, quick enough for tests. */
export const DEMO_SIZES = {
  full: { accounts: 200, responses: 5_000, events: 100_000 },
  small: { accounts: 15, responses: 300, events: 3_000 },
} as const
export type DemoSize = keyof typeof DEMO_SIZES

export function isDemoSize(value: string): value is DemoSize {
  return Object.hasOwn(DEMO_SIZES, value)
}

/** How the answers divide among the surveys; onboarding is asked once per new person, so it is rarer. */
const RESPONSE_SHARE: Record<SurveyKind, number> = { nps: 0.6, csat: 0.32, ces: 0.08 }
/** Share of displays answered; of the rest, most are dismissed and a few just ignored. */
const ANSWERED = 0.7
const DISMISSED = 0.75
/** Days before the same person is shown the same survey again. */
const SPACING_DAYS: Record<SurveyKind, number> = { nps: 90, csat: 14, ces: DEMO_DAYS }
/** NPS asks people who have used the product for a month. */
const NPS_TENURE_DAYS = 30

export interface PlannedResponse {
  id: string
  at: number
  answer: Answer
}

export interface PlannedDisplay {
  id: string
  kind: SurveyKind
  person: DemoPerson
  url: string
  shownAt: number
  dismissedAt?: number
  response?: PlannedResponse
}

/** Everything the demo writes, decided up front and identical for every run on the same day. */
export interface DemoPlan {
  timeline: Timeline
  accounts: DemoAccount[]
  persons: DemoPerson[]
  /** In the order they were shown. */
  displays: PlannedDisplay[]
  /** In the order they happened; includes the events that triggered the support and onboarding surveys. */
  events: EventInput[]
  /** Who follows up detractors: the accounts' owners. */
  team: DemoTeamMember[]
  /** What became of each detractor's case. */
  followUps: PlannedFollowUp[]
  /** Each paying account's MRR over the years, as its people's answers suggest, and the dollar's rates. */
  revenue: DemoRevenue
}

const SEED = 20_261_122

export function planDemo(size: DemoSize, now: number): DemoPlan {
  const { accounts: accountCount, responses, events: eventCount } = DEMO_SIZES[size]
  const timeline = new Timeline(now)
  // One generator per part, so a change in how one part draws leaves the others as they were.
  const { accounts, persons } = makeCompany(new Random(SEED), timeline, accountCount)
  const nextEventId = sequence('evt_demo_', 7)
  const triggers: EventInput[] = []
  const displays = planDisplays(new Random(SEED + 1), timeline, persons, responses, nextEventId, triggers)
  const usage = makeUsage(
    new Random(SEED + 2),
    timeline,
    persons,
    Math.max(0, eventCount - triggers.length),
    nextEventId,
  )
  const revenue = planRevenue(new Random(SEED + 4), timeline, accounts, displays)
  const faded = fadeUsageBeforeLosses(new Random(SEED + 5), usage, persons, revenue.changes)
  return {
    timeline,
    accounts,
    persons,
    displays,
    events: [...faded, ...triggers].sort((a, b) => a.at - b.at),
    team: demoTeam(accounts),
    followUps: planFollowUps(new Random(SEED + 3), timeline, displays),
    revenue,
  }
}

/** Which survey was shown to whom and when, who answered what, and who dismissed it. */
function planDisplays(
  random: Random,
  timeline: Timeline,
  persons: readonly DemoPerson[],
  responses: number,
  nextEventId: NextId,
  triggers: EventInput[],
): PlannedDisplay[] {
  const nextDisplay = sequence('dsp_demo_', 6)
  const nextResponse = sequence('rsp_demo_', 6)
  const byActivity = new WeightedIndex(persons.map((person) => person.activity))
  const displays: PlannedDisplay[] = []
  for (const kind of ['nps', 'csat', 'ces'] as const) {
    const answered = Math.round(responses * RESPONSE_SHARE[kind])
    const wanted = Math.round(answered / ANSWERED)
    const shown =
      kind === 'ces'
        ? onboardingDisplays(random, timeline, persons, wanted)
        : recurringDisplays(random, timeline, persons, byActivity, kind, wanted)
    // Exactly the planned share is answered: the answered displays are a random subset.
    const answeredCount = Math.round(shown.length * ANSWERED)
    const order = random.shuffle(shown.map((_, i) => i))
    const isAnswered = new Set(order.slice(0, answeredCount))
    shown.forEach(({ person, shownAt, url }, i) => {
      const display: PlannedDisplay = { id: nextDisplay(), kind, person, url, shownAt }
      if (isAnswered.has(i)) {
        const at = shownAt + random.int(4_000, 40_000)
        const respondent = { plan: person.account.plan, locale: person.locale, day: timeline.dayOf(at) }
        display.response = {
          id: nextResponse(),
          at,
          answer: answer(random, kind, respondent, timeline.pricingChangeDay),
        }
      } else if (random.chance(DISMISSED)) {
        display.dismissedAt = shownAt + random.int(3_000, 25_000)
      }
      displays.push(display)
      if (kind !== 'nps') triggers.push(triggerEvent(random, kind, person, shownAt, nextEventId))
    })
  }
  return displays.sort((a, b) => a.shownAt - b.shownAt)
}

interface Showing {
  person: DemoPerson
  shownAt: number
  url: string
}

/**
 * NPS on the dashboard and CSAT after a support ticket: on days drawn by activity, to active people more
 * often, never twice to one person within the survey's spacing (when a few tries can avoid it).
 */
function recurringDisplays(
  random: Random,
  timeline: Timeline,
  persons: readonly DemoPerson[],
  byActivity: WeightedIndex,
  kind: 'nps' | 'csat',
  count: number,
): Showing[] {
  const lastShown = new Map<DemoPerson, number>()
  const tenure = kind === 'nps' ? NPS_TENURE_DAYS : 0
  const showings: Showing[] = []
  while (showings.length < count) {
    const day = timeline.randomDay(random)
    let chosen: DemoPerson | undefined
    for (let attempt = 0; attempt < 30 && !chosen; attempt++) {
      const person = persons[byActivity.draw(random)]
      if (!person || person.signupDay + tenure > day) continue
      const last = lastShown.get(person)
      if (last === undefined || day - last >= SPACING_DAYS[kind] || attempt >= 25) chosen = person
    }
    if (!chosen) continue
    lastShown.set(chosen, day)
    const path = kind === 'nps' ? '/dashboard' : `/help/tickets/${random.int(10_000, 99_999)}`
    showings.push({
      person: chosen,
      shownAt: timeline.instant(day, timeline.workingTime(random)),
      url: `${APP_ORIGIN}${path}`,
    })
  }
  return showings
}

/** CES once per person who signed up during the year, within a week of signing up, when they finish setup. */
function onboardingDisplays(
  random: Random,
  timeline: Timeline,
  persons: readonly DemoPerson[],
  count: number,
): Showing[] {
  const newcomers = random.shuffle(persons.filter((person) => person.signupDay >= 0))
  return newcomers.slice(0, count).map((person) => {
    const day = Math.min(DEMO_DAYS - 1, person.signupDay + random.int(0, 6))
    const later = person.signupAt + random.int(20, 90) * 60_000
    return {
      person,
      shownAt: Math.max(timeline.instant(day, timeline.workingTime(random)), later),
      url: `${APP_ORIGIN}/onboarding/done`,
    }
  })
}

/** The event that made the widget ask: a resolved ticket (CSAT) or a finished onboarding (CES). */
function triggerEvent(
  random: Random,
  kind: 'csat' | 'ces',
  person: DemoPerson,
  shownAt: number,
  nextEventId: NextId,
): EventInput {
  const properties: Record<string, string | number> =
    kind === 'csat'
      ? { channel: random.pick(['email', 'chat', 'phone']), priority: random.pick(['low', 'normal', 'high']) }
      : { steps: 5, minutes: random.int(8, 240) }
  return {
    id: nextEventId(),
    type: 'track',
    name: TRIGGER_EVENTS[kind],
    anonymousId: person.anonymousId,
    userId: person.id,
    accountId: person.account.id,
    properties,
    at: shownAt - 5_000,
  }
}
