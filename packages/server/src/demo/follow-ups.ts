import type { CaseStatus } from '../db/schema'
import type { Theme } from './comments'
import type { DemoAccount } from './company'
import type { PlannedDisplay } from './plan'
import type { Random } from './random'
import type { Timeline } from './timeline'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The demo comments' themes as keys of the default taxonomy, which root causes are. */
const ROOT_CAUSE_OF: Record<Theme, string> = {
  pricing: 'pricing',
  performance: 'performance',
  reliability: 'reliability',
  usability: 'usability',
  'missing features': 'missing-feature',
  support: 'support',
  onboarding: 'onboarding',
  integrations: 'integrations',
  docs: 'documentation',
  security: 'security-privacy',
}

/** Why detractors who left no comment were unhappy, as their calls turned out. */
const SILENT_ROOT_CAUSES: Record<string, number> = {
  pricing: 30,
  reliability: 18,
  performance: 14,
  'missing-feature': 14,
  usability: 10,
  support: 8,
  integrations: 6,
}

/**
 * How cases end up, by how long ago the detractor answered: last week's queue still has open ones (some past
 * due), older cases are settled but for a few still waiting on the customer.
 */
const OUTCOMES: { maxAgeDays: number; weights: Partial<Record<CaseStatus, number>> }[] = [
  { maxAgeDays: 1, weights: { open: 70, contacted: 30 } },
  { maxAgeDays: 7, weights: { open: 20, contacted: 35, resolved: 35, wont_fix: 10 } },
  { maxAgeDays: Number.POSITIVE_INFINITY, weights: { contacted: 5, resolved: 78, wont_fix: 17 } },
]

const NOTES: Record<'contacted' | 'closed', readonly string[]> = {
  contacted: [
    'Called the admin; they walked me through what went wrong.',
    'Emailed, then a 20-minute call. Sharing with product.',
    'Left a voicemail, followed up by email with a booking link.',
  ],
  closed: [
    'Fixed on our side; they confirmed it works now.',
    'Offered a plan that fits their usage; they are staying.',
    'On the roadmap; promised to ping them when it ships.',
  ],
}

/** A team member: the customer-success managers the demo's accounts are owned by. */
export interface DemoTeamMember {
  email: string
  name: string
}

/** What happened to one detractor's case, decided up front like everything else in the demo. */
export interface PlannedFollowUp {
  responseId: string
  outcome: CaseStatus
  /** When the owner first reached the customer; absent while nobody has. */
  contactAt?: number
  /** When the case was resolved or closed as won't fix. */
  closedAt?: number
  rootCause?: string
  tags: string[]
  note?: string
}

/** The accounts' owners, each once, named after their e-mail address. */
export function demoTeam(accounts: readonly DemoAccount[]): DemoTeamMember[] {
  const emails = [...new Set(accounts.map((account) => account.traits.owner))].sort()
  return emails.map((email) => ({
    email,
    name: (email.split('@')[0] ?? email)
      .split('.')
      .map((part) => `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`)
      .join(' '),
  }))
}

/**
 * The follow-up of every detractor answer: contacted mostly within a day or two, settled within days, with
 * the commented themes as root cause and tags. Nothing happens at or after the timeline's end (today), and
 * the newest detractor is always still open, so the queue has one waiting whatever the demo's size.
 */
export function planFollowUps(
  random: Random,
  timeline: Timeline,
  displays: readonly PlannedDisplay[],
): PlannedFollowUp[] {
  const followUps: PlannedFollowUp[] = []
  const newest = Math.max(
    ...displays.flatMap((display) =>
      display.response?.answer.bucket === 'detractor' ? [display.response.at] : [],
    ),
  )
  for (const display of displays) {
    const response = display.response
    if (response?.answer.bucket !== 'detractor') continue
    const ageDays = (timeline.end - response.at) / DAY
    const weights = OUTCOMES.find((outcome) => ageDays < outcome.maxAgeDays)?.weights ?? { open: 1 }
    let outcome = random.weighted(weights)
    const contactAt = response.at + Math.round(Math.max(0.5, random.normal(22, 16)) * HOUR)
    const closedAt = contactAt + random.int(4, 240) * HOUR
    if (outcome !== 'open' && contactAt >= timeline.end) outcome = 'open'
    if ((outcome === 'resolved' || outcome === 'wont_fix') && closedAt >= timeline.end) outcome = 'contacted'

    if (response.at === newest) outcome = 'open'

    const themes = (response.answer.comment?.themes ?? []).map((theme) => ROOT_CAUSE_OF[theme])
    const rootCause = themes[0] ?? random.weighted(SILENT_ROOT_CAUSES)
    const closed = outcome === 'resolved' || outcome === 'wont_fix'
    const knowsWhy = closed || (outcome === 'contacted' && random.chance(0.5))
    followUps.push({
      responseId: response.id,
      outcome,
      ...(outcome !== 'open' && { contactAt }),
      ...(closed && { closedAt }),
      ...(knowsWhy && { rootCause }),
      tags: knowsWhy ? [...new Set(themes.slice(1))].filter((tag) => tag !== rootCause) : [],
      ...(outcome !== 'open' && { note: random.pick(NOTES[closed ? 'closed' : 'contacted']) }),
    })
  }
  return followUps
}
