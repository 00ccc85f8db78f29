import type { EventInput } from '../store/events'
import type { DemoPerson, Plan } from './company'
import { type Random, WeightedIndex } from './random'
import { APP_ORIGIN } from './surveys'
import type { Timeline } from './timeline'

/** The pages of the demo product, how often each is viewed, and the title it is tracked under. */
const PAGES: { path: string; title: string; weight: number }[] = [
  { path: '/dashboard', title: 'Dashboard', weight: 30 },
  { path: '/reports', title: 'Reports', weight: 14 },
  { path: '/reports/:id', title: 'Report', weight: 18 },
  { path: '/dashboards', title: 'Dashboards', weight: 6 },
  { path: '/dashboards/:id', title: 'Shared dashboard', weight: 8 },
  { path: '/alerts', title: 'Alerts', weight: 4 },
  { path: '/integrations', title: 'Integrations', weight: 3 },
  { path: '/settings/team', title: 'Team settings', weight: 3 },
  { path: '/settings/billing', title: 'Billing', weight: 1.5 },
  { path: '/help', title: 'Help center', weight: 3 },
]

interface Feature {
  name: string
  /** How often it is used, among the features a person has taken up. */
  weight: number
  /** Chance that a person on each plan uses the feature at all: adoption differs by plan. */
  adoption: Record<Plan, number>
  properties(random: Random): Record<string, string | number>
}

const FEATURES: Feature[] = [
  {
    name: 'filter.applied',
    weight: 14,
    adoption: { free: 0.9, starter: 0.9, pro: 0.92, enterprise: 0.92 },
    properties: (random) => ({ field: random.pick(['country', 'plan', 'device', 'campaign', 'date']) }),
  },
  {
    name: 'report.created',
    weight: 10,
    adoption: { free: 0.7, starter: 0.8, pro: 0.9, enterprise: 0.9 },
    properties: (random) => ({ template: random.pick(['funnel', 'retention', 'cohort', 'trend', 'custom']) }),
  },
  {
    name: 'export.csv',
    weight: 7,
    adoption: { free: 0.5, starter: 0.6, pro: 0.7, enterprise: 0.75 },
    properties: (random) => ({ rows: random.int(20, 50_000) }),
  },
  {
    name: 'dashboard.shared',
    weight: 5,
    adoption: { free: 0.15, starter: 0.35, pro: 0.6, enterprise: 0.7 },
    properties: (random) => ({ with: random.pick(['team', 'link', 'email']) }),
  },
  {
    name: 'dashboard.created',
    weight: 4,
    adoption: { free: 0.4, starter: 0.6, pro: 0.75, enterprise: 0.8 },
    properties: (random) => ({ charts: random.int(1, 12) }),
  },
  {
    name: 'export.pdf',
    weight: 3,
    adoption: { free: 0, starter: 0.2, pro: 0.5, enterprise: 0.6 },
    properties: (random) => ({ pages: random.int(1, 20) }),
  },
  {
    name: 'alert.created',
    weight: 2,
    adoption: { free: 0.05, starter: 0.3, pro: 0.5, enterprise: 0.6 },
    properties: (random) => ({ metric: random.pick(['signups', 'revenue', 'churn', 'errors']) }),
  },
  {
    name: 'team.invited',
    weight: 1.5,
    adoption: { free: 0.3, starter: 0.6, pro: 0.7, enterprise: 0.7 },
    properties: (random) => ({ count: random.int(1, 5) }),
  },
  {
    name: 'integration.connected',
    weight: 1,
    adoption: { free: 0.1, starter: 0.4, pro: 0.6, enterprise: 0.8 },
    properties: (random) => ({
      provider: random.pick(['slack', 'salesforce', 'hubspot', 'bigquery', 'snowflake']),
    }),
  },
  {
    name: 'api_key.created',
    weight: 0.6,
    adoption: { free: 0, starter: 0.1, pro: 0.35, enterprise: 0.5 },
    properties: () => ({}),
  },
  {
    name: 'sso.configured',
    weight: 0.2,
    adoption: { free: 0, starter: 0, pro: 0, enterprise: 0.5 },
    properties: (random) => ({ provider: random.pick(['okta', 'azure-ad', 'google']) }),
  },
]

/** Share of a session's events that are page views rather than feature use. */
const PAGE_VIEW_SHARE = 0.62
/** Days after the price change during which people keep checking the billing page. */
const BILLING_CURIOSITY_DAYS = 30

export type NextId = () => string

/** `sequence('evt_demo_', 7)()` gives 'evt_demo_0000001', then 'evt_demo_0000002', … */
export function sequence(prefix: string, width: number): NextId {
  let n = 0
  return () => `${prefix}${String(++n).padStart(width, '0')}`
}

/**
 * About `count` events of people using the product: sessions of a few to a dozen page views and feature
 * events, on days drawn by the timeline's activity (growth, weekdays), by people drawn by how active they
 * are, each using only the features they have taken up. Sorted by time.
 */
export function makeUsage(
  random: Random,
  timeline: Timeline,
  persons: readonly DemoPerson[],
  count: number,
  nextEventId: NextId,
): EventInput[] {
  const byActivity = new WeightedIndex(persons.map((person) => person.activity))
  // Each person's features with their weights, ready to draw from.
  const adopted = new Map(
    persons.map((person) => [
      person,
      FEATURES.filter((feature) => random.chance(feature.adoption[person.account.plan])).map(
        (feature) => [feature, feature.weight] as const,
      ),
    ]),
  )
  const nextSession = sequence('ses_demo_', 6)
  const events: EventInput[] = []
  while (events.length < count) {
    const day = timeline.randomDay(random)
    const person = pickSignedUp(random, persons, byActivity, day)
    if (!person) continue
    const sessionId = nextSession()
    const length = Math.min(count - events.length, random.int(3, 16))
    let at = Math.max(timeline.instant(day, timeline.workingTime(random)), person.signupAt + 60_000)
    let url = `${APP_ORIGIN}/dashboard`
    const features = adopted.get(person) ?? []
    for (let i = 0; i < length; i++) {
      const base = { id: nextEventId(), anonymousId: person.anonymousId, userId: person.id, sessionId, at }
      const accountId = person.account.id
      if (i === 0 || features.length === 0 || random.chance(PAGE_VIEW_SHARE)) {
        const page = pickPage(random, timeline, day)
        const path = page.path.replace(':id', String(random.int(1, 400)))
        url = `${APP_ORIGIN}${path}`
        events.push({ ...base, accountId, type: 'page', name: page.title, url, properties: { path } })
      } else {
        const feature = random.choose(features)
        events.push({
          ...base,
          accountId,
          type: 'track',
          name: feature.name,
          url,
          properties: feature.properties(random),
        })
      }
      at += random.int(8_000, 240_000)
    }
  }
  return events.sort((a, b) => a.at - b.at)
}

/** A person drawn by activity who had signed up by `day`; undefined when a few tries find nobody. */
function pickSignedUp(
  random: Random,
  persons: readonly DemoPerson[],
  byActivity: WeightedIndex,
  day: number,
): DemoPerson | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const person = persons[byActivity.draw(random)]
    if (person && person.signupDay <= day) return person
  }
  return undefined
}

const PAGE_WEIGHTS = PAGES.map((page) => [page, page.weight] as const)
const PAGE_WEIGHTS_AFTER_PRICE_CHANGE = PAGES.map(
  (page) => [page, page.path === '/settings/billing' ? page.weight * 5 : page.weight] as const,
)

function pickPage(random: Random, timeline: Timeline, day: number) {
  const since = day - timeline.pricingChangeDay
  const curious = since >= 0 && since < BILLING_CURIOSITY_DAYS
  return random.choose(curious ? PAGE_WEIGHTS_AFTER_PRICE_CHANGE : PAGE_WEIGHTS)
}
