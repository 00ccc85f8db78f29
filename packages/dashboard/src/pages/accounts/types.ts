import type { HealthBand, Stage } from '../../accounts-query'

/** An account as GET /admin/v1/accounts lists it. */
export interface AccountJson {
  id: string
  traits: Record<string, unknown>
  firstSeen: string
  lastSeen: string
  owner: string | null
  health: { score: number | null; band: HealthBand | null; computedAt: string } | null
  stage: { stage: Stage; since: string; source: 'rule' | 'manual' } | null
  mrr: { amount: number; currency: string; status: string; plan: string | null } | null
  nps: { answers: number; promoters: number; detractors: number; score: number | null }
  latestNpsScore: number | null
  personCount: number
  responseCount: number
}

export interface HealthComponentJson {
  key: string
  raw: number | null
  unit: string
  points: number | null
  weight: number
  effectiveWeight: number
  contribution: number
  sentence: string
}

type Bucket = 'detractor' | 'passive' | 'promoter'

interface ScoreSummaryJson {
  status: 'no_data' | 'ok' | string
  n: number
  score?: { value: number; low: number; high: number }
}

/** One event of the account's merged timeline, newest first. */
export type TimelineEntryJson = { at: string; key: string } & (
  | {
      kind: 'stage_change'
      stage: Stage
      source: 'rule' | 'manual'
      reason: string | null
      by: string | null
    }
  | { kind: 'case_change'; caseId: string; field: string; from: unknown; to: unknown; by: string }
  | {
      kind: 'answer'
      responseId: string
      score: number | null
      bucket: Bucket | null
      comment: string | null
      personId: string | null
    }
  | { kind: 'health_band_change'; day: string; from: HealthBand | null; to: HealthBand; score: number | null }
  | { kind: 'revenue_change'; mrr: number; currency: string; status: string; plan: string | null }
  | { kind: 'feature_first_used'; feature: string }
)

/** GET /admin/v1/accounts/:id/overview. */
export interface AccountOverviewJson {
  account: AccountJson
  health: {
    score: number | null
    band: HealthBand | null
    computedAt: string | null
    explanation: { components: HealthComponentJson[]; missing: string[]; summary: string } | null
    trend: { thirtyDaysAgo: number | null; change: number | null } | null
    history: { day: string; score: number | null; band: HealthBand | null }[]
  }
  stages: {
    stage: Stage
    startedAt: string
    endedAt: string | null
    source: 'rule' | 'manual'
    reason: string | null
    setBy: string | null
  }[]
  revenue: {
    mrr: AccountJson['mrr']
    changes: {
      id: string
      at: string
      mrr: number
      currency: string
      plan: string | null
      status: string
      renewsAt: string | null
    }[]
  }
  scores: {
    period: string
    periods: ({ label: string; start: string } & Record<'nps' | 'csat' | 'ces', ScoreSummaryJson>)[]
  }
  people: {
    id: string
    traits: Record<string, unknown>
    lastSeen: string
    latestAnswer: {
      responseId: string
      kind: 'nps' | 'csat' | 'ces'
      score: number
      comment: string | null
      at: string
    } | null
  }[]
  cases: {
    id: string
    status: string
    owner: string | null
    overdue: boolean
    dueAt: string
    createdAt: string
    response: { score: number | null; bucket: Bucket | null; comment: string | null }
  }[]
  usage: {
    activePeople30d: number
    activePeoplePrev30d: number
    activeDays30d: number
    featuresUsed30d: string[]
  } | null
  /** Each catalogue feature's status for the account (empty without a catalogue). */
  features: {
    key: string
    label: string
    status: 'used' | 'outside_plan' | 'not_lately' | 'never_tried'
    lastUsedAt: string | null
  }[]
  timeline: { entries: TimelineEntryJson[]; nextCursor: string | null }
}

/** An account's display name: its `name` trait, else its id. */
export const accountName = (account: { id: string; traits: Record<string, unknown> }) =>
  typeof account.traits.name === 'string' && account.traits.name !== '' ? account.traits.name : account.id
