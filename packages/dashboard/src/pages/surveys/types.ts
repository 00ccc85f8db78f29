import type { WidgetSurvey } from '@heed/widget/preview'

export type LocalizedText = Record<string, string>

export interface UrlRule {
  op: 'equals' | 'startsWith' | 'contains' | 'glob'
  value: string
}

export type Trigger = { type: 'pageview'; url?: UrlRule } | { type: 'event'; name: string; where?: unknown[] }

/** A survey as GET /admin/v1/surveys/:id answers. */
export interface SurveyJson {
  id: string
  name: string
  kind: 'nps' | 'csat' | 'ces'
  status: 'draft' | 'active' | 'paused' | 'archived'
  defaultLocale: string
  question: LocalizedText
  followUp: {
    default: LocalizedText
    detractor?: LocalizedText
    passive?: LocalizedText
    promoter?: LocalizedText
  }
  scaleLabels?: { low: LocalizedText; high: LocalizedText }
  thankYou?: LocalizedText
  targeting: {
    triggers: Trigger[]
    delaySeconds: number
    audience: unknown[]
    samplePercent: number
    displayLimit: number
    recurEveryDays: number | null
  }
  appearance: WidgetSurvey['appearance']
  schedule: { startsAt?: string; endsAt?: string }
  createdAt: string
  updatedAt: string
}
