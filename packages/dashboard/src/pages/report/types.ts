import type { MoverJson, RatioJson } from '../revenue/types'

/** The monthly report as `GET /admin/v1/reports/monthly/:month` answers it. */

export interface NoteJson {
  section: string
  text: string
  author: string
  updatedAt: string
}

export interface GoalJson {
  metric: string
  comparison: '>=' | '>' | '<=' | '<'
  target: number
}

export type SectionKey = 'retention' | 'upsell' | 'downgrades' | 'churn' | 'survey' | 'nextActions'

export interface ReportSectionJson {
  section: SectionKey
  title: string
  metric: string
  formula: string
  goal: GoalJson | null
  result: RatioJson | null
  met: boolean | null
  series: { label: string; value: number | null }[]
  movers: MoverJson[]
  note: NoteJson | null
}

export interface SurveyKindJson {
  kind: 'nps' | 'csat' | 'ces'
  summary:
    | { status: 'no_data' }
    | { status: string; n: number; score: { value: number; low: number; high: number } }
  score: number | null
  change: { status: 'no_data' } | { status: string; significant: boolean; direction: string }
  responseRate: number | null
}

export interface ReportJson {
  month: string
  currency: string
  mrr: { start: number; end: number }
  sections: ReportSectionJson[]
  survey: {
    kinds: SurveyKindJson[]
    detractorFollowUpWithinSla: number | null
    rootCauseTaggedShare: number | null
    topRootCauses: { rootCause: string; count: number; share: number }[]
    revenueAtRisk: { accounts: number; mrr: number }
    byNpsBucket: {
      bucket: string
      startMrr: number
      netRevenueRetention: RatioJson | null
      revenueChurnRate: RatioJson | null
      churnedMrr: number
    }[]
    lossesByRootCause: { rootCause: string; churn: number; contraction: number; accounts: number }[]
    goals: { nps: GoalJson | null; npsMet: boolean | null }
    note: NoteJson | null
  }
  nextActions: NoteJson | null
}
