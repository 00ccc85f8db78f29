import type { HealthExplanation } from '@heed/shared/health/explanation'
import type { THealthModel } from '@heed/shared/health/model'
import { healthScore } from '@heed/shared/health/score'
import type { LedgerChange } from '@heed/shared/revenue/ledger'
import type { ReadDatabase } from '../revenue/read-database'
import { healthInputsAsOf } from './inputs'

export interface AccountHealthAsOf {
  accountId: string
  firstSeen: number
  explanation: HealthExplanation
  ledger: LedgerChange[]
}

/**
 * The health of every account of the project at `asOf`, from the data as it was then (see
 * healthInputsAsOf), with `model`. What the daily snapshot stores, the demo backfills and the backtest
 * recomputes for past days.
 */
export async function healthAsOf(
  database: ReadDatabase,
  projectId: string,
  asOf: number,
  model: THealthModel,
): Promise<AccountHealthAsOf[]> {
  const accounts = await healthInputsAsOf(database, projectId, asOf, model)
  return accounts.map((account) => ({
    accountId: account.accountId,
    firstSeen: account.firstSeen,
    explanation: healthScore(model, account.inputs),
    ledger: account.ledger,
  }))
}
