import { type RocAuc, rocAuc, type ScoredOutcome } from '@heed/shared/health/auc'
import type { HealthBand } from '@heed/shared/health/bands'
import type { THealthModel } from '@heed/shared/health/model'
import { type LedgerChange, mrrBefore } from '@heed/shared/revenue/ledger'
import type { ReadDatabase } from '../revenue/read-database'
import { healthAsOf } from './as-of'

const DAY = 86_400_000

export interface BacktestSnapshot {
  day: string
  /** Accounts paying that day with a score. */
  accounts: number
  /** Those that paid less `horizonDays` later: cancelled or downgraded. */
  lost: number
}

export interface Backtest extends RocAuc {
  horizonDays: number
  snapshots: BacktestSnapshot[]
  /** Per band on the scoring days: accounts, and how many of them were lost within the horizon. */
  byBand: Record<HealthBand, { accounts: number; lost: number }>
}

/**
 * How well the score separated the accounts that were lost from those kept. On each scoring day (given as
 * `{ day, at }`, `at` the day's first instant), every account paying then is scored from the data as it was
 * (healthAsOf with `model`), and counts as lost when `horizonDays` later it pays less than it did (a
 * cancellation or a contraction, in its own currency; a change of currency counts as kept). Every
 * (account, day) pair is one sample of the ROC AUC.
 */
export async function healthBacktest(
  database: ReadDatabase,
  projectId: string,
  options: { days: { day: string; at: number }[]; horizonDays: number; model: THealthModel },
): Promise<Backtest> {
  const { days, horizonDays, model } = options
  const ledgerRows = await database.reads
    .selectFrom('revenue_changes')
    .select(['account_id', 'at', 'mrr', 'currency', 'status'])
    .where('project_id', '=', projectId)
    .orderBy('account_id')
    .orderBy('at')
    .execute()
  const ledgers = new Map<string, LedgerChange[]>()
  for (const row of ledgerRows) {
    const list = ledgers.get(row.account_id) ?? []
    list.push({ at: Number(row.at), mrr: Number(row.mrr), currency: row.currency, status: row.status })
    ledgers.set(row.account_id, list)
  }

  const samples: ScoredOutcome[] = []
  const snapshots: BacktestSnapshot[] = []
  const byBand: Backtest['byBand'] = {
    red: { accounts: 0, lost: 0 },
    yellow: { accounts: 0, lost: 0 },
    green: { accounts: 0, lost: 0 },
  }
  for (const { day, at } of days) {
    const scored = await healthAsOf(database, projectId, at, model)
    const snapshot = { day, accounts: 0, lost: 0 }
    for (const account of scored) {
      const { score, band } = account.explanation
      const ledger = ledgers.get(account.accountId)
      if (score === null || band === null || !ledger) continue
      const then = mrrBefore(ledger, at)
      if (then === null || then.mrr === 0) continue
      const later = mrrBefore(ledger, at + horizonDays * DAY)
      const lost =
        later === null || later.mrr === 0 || (later.currency === then.currency && later.mrr < then.mrr)
      samples.push({ score, lost })
      snapshot.accounts++
      byBand[band].accounts++
      if (lost) {
        snapshot.lost++
        byBand[band].lost++
      }
    }
    snapshots.push(snapshot)
  }
  return { ...rocAuc(samples), horizonDays, snapshots, byBand }
}
