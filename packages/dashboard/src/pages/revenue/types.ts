/** The revenue API's answers as the dashboard reads them (see the server's routes/admin/revenue). */

/** An exact rate: the integers and their quotient, null when there is nothing to divide by. */
export interface RatioJson {
  numerator: number
  denominator: number
  value: number | null
}

export interface MovementTotalsJson {
  start: number
  new: number
  expansion: number
  contraction: number
  churn: number
  reactivation: number
  end: number
}

export interface MoverJson {
  accountId: string
  kind?: string
  amount: number
  name: string | null
  owner: string | null
  latestScore: { kind: string; score: number; at: string } | null
}

export interface MovementPointJson {
  label: string
  start: string
  end: string
  mrr: MovementTotalsJson
  customers: { start: number; new: number; reactivated: number; churned: number; end: number }
  arr: number
  /** Average revenue per account, minor units, exact. */
  arpa: RatioJson
}

export interface MovementsJson {
  currency: string
  points: MovementPointJson[]
  segments?: { key: string; points: MovementPointJson[] }[]
  movers: { label: string } & Record<
    'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation',
    MoverJson[]
  >
}

export interface RetentionPointJson {
  label: string
  grossRevenueRetention: RatioJson
  netRevenueRetention: RatioJson
  revenueChurnRate: RatioJson
  quickRatio: RatioJson
  logoRetention: RatioJson
  trailing12: { accounts: number; netRevenueRetention: RatioJson; grossRevenueRetention: RatioJson }
}

export interface RetentionJson {
  points: RetentionPointJson[]
  segments?: { key: string; points: RetentionPointJson[] }[]
}

export interface CohortsJson {
  currency: string
  cohorts: {
    label: string
    base: { accounts: number; mrr: number }
    after: { months: number; logos: RatioJson; mrr: RatioJson }[]
  }[]
}

export type FigureJson = { value: number; reason?: undefined } | { value: null; reason: string }

export interface EconomicsJson {
  currency: string
  months: {
    label: string
    economics: Record<
      'cac' | 'cltv' | 'cltvToCac' | 'cacPaybackMonths' | 'customerRetentionCost' | 'costToCarry',
      FigureJson
    >
  }[]
}
