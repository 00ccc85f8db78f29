import { medianDays } from '@heed/shared/lifecycle/median'
import { LIFECYCLE_STAGES, type LifecycleStage } from '@heed/shared/lifecycle/stages'
import { periodLabel } from '@heed/shared/periods/period'
import { paidMrr } from '@heed/shared/revenue/ledger'
import { sql } from 'kysely'
import { ExchangeRates } from '../revenue/exchange'
import type { ReadDatabase } from '../revenue/read-database'

export interface StageSummary {
  stage: LifecycleStage
  accounts: number
  /** Paid MRR now of the accounts in the stage, in minor units of the reporting currency. */
  mrr: number
  /** Median days accounts spent in the stage: finished stays, and stays still going counted up to now. */
  medianDaysInStage: number | null
}

export interface TimeToValueCohort {
  /** The month ('YYYY-MM', project time zone) the accounts were first seen. */
  cohort: string
  accounts: number
  activated: number
  /** Median days from first seen to the first activation event, among those activated. */
  medianDaysToValue: number | null
}

/**
 * Per stage: the accounts in it now and their MRR, and the median time in it; per monthly cohort of first
 * seen since `since`: how many activated and the median time to value (first seen → activation event).
 */
export async function lifecycleSummary(
  database: ReadDatabase,
  scope: {
    projectId: string
    timeZone: string
    currency: string
    activationEvent: string
    since: number
    now: number
  },
): Promise<{ stages: StageSummary[]; timeToValue: TimeToValueCohort[] }> {
  const { projectId, now } = scope
  const rates = await ExchangeRates.load(database, projectId, scope.currency)
  const month = periodLabel(new Date(now), 'month', scope.timeZone)
  const { rows: current } = await sql<{
    stage: LifecycleStage
    mrr: number | string | null
    currency: string | null
    status: string | null
  }>`
    SELECT account_stages.stage, latest.mrr, latest.currency, latest.status FROM account_stages
    LEFT JOIN revenue_changes latest ON latest.project_id = account_stages.project_id
      AND latest.account_id = account_stages.account_id
      AND latest.at = (SELECT MAX(at) FROM revenue_changes c WHERE c.project_id = account_stages.project_id
        AND c.account_id = account_stages.account_id AND c.at < ${now})
    WHERE account_stages.project_id = ${projectId}`.execute(database.reads)
  const history = await database.reads
    .selectFrom('account_stage_history')
    .select(['stage', 'started_at', 'ended_at'])
    .where('project_id', '=', projectId)
    .execute()
  const stages = LIFECYCLE_STAGES.map((stage): StageSummary => {
    let accounts = 0
    let mrr = 0
    for (const row of current) {
      if (row.stage !== stage) continue
      accounts++
      if (row.mrr !== null && row.currency !== null && row.status !== null) {
        const paid = paidMrr({ mrr: Number(row.mrr), status: row.status as 'active' })
        mrr += rates.convert(paid, row.currency, month)
      }
    }
    const stays = history
      .filter((row) => row.stage === stage)
      .map((row) => (row.ended_at === null ? now : Number(row.ended_at)) - Number(row.started_at))
    return { stage, accounts, mrr, medianDaysInStage: medianDays(stays) }
  })

  const { rows: seen } = await sql<{
    id: string
    first_seen: number | string
    activated_at: number | string | null
  }>`
    SELECT accounts.id, accounts.first_seen, activation.at AS activated_at FROM accounts
    LEFT JOIN (
      SELECT account_id, MIN(occurred_at) AS at FROM events
      WHERE project_id = ${projectId} AND name = ${scope.activationEvent} AND account_id IS NOT NULL
      GROUP BY account_id
    ) activation ON activation.account_id = accounts.id
    WHERE accounts.project_id = ${projectId} AND accounts.first_seen >= ${scope.since}`.execute(
    database.reads,
  )
  const cohorts = new Map<string, { accounts: number; durations: number[] }>()
  for (const row of seen) {
    const cohort = periodLabel(new Date(Number(row.first_seen)), 'month', scope.timeZone)
    const entry = cohorts.get(cohort) ?? { accounts: 0, durations: [] }
    entry.accounts++
    // An activation recorded before the account's first sighting (a backfilled event) took no time.
    if (row.activated_at !== null)
      entry.durations.push(Math.max(0, Number(row.activated_at) - Number(row.first_seen)))
    cohorts.set(cohort, entry)
  }
  const timeToValue = [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, entry]) => ({
      cohort,
      accounts: entry.accounts,
      activated: entry.durations.length,
      medianDaysToValue: medianDays(entry.durations),
    }))
  return { stages, timeToValue }
}
