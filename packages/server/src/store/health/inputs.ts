import type { THealthModel } from '@heed/shared/health/model'
import type { HealthInputs } from '@heed/shared/health/score'
import type { SentimentAnswer } from '@heed/shared/health/sentiment'
import { type LedgerChange, mrrBefore } from '@heed/shared/revenue/ledger'
import { sql } from 'kysely'
import type { ReadDatabase } from '../revenue/read-database'
import { recentActivity } from './activity'

const DAY = 86_400_000

/** An account known at the instant, with what its health is computed from. */
export interface AccountHealthInputs {
  accountId: string
  firstSeen: number
  inputs: HealthInputs
  /** The account's ledger changes before the instant, oldest first (also what lifecycle rules read). */
  ledger: LedgerChange[]
}

/** The `seats` trait when it is a positive whole number (or such a numeric string); otherwise none. */
function seatsOf(traitsJson: string): number | null {
  let traits: unknown
  try {
    traits = JSON.parse(traitsJson)
  } catch {
    return null
  }
  const value =
    traits !== null && typeof traits === 'object' ? (traits as Record<string, unknown>).seats : undefined
  const seats = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof seats === 'number' && Number.isSafeInteger(seats) && seats > 0 ? seats : null
}

/**
 * Everything the health model reads for every account of the project first seen before `asOf`, from the
 * data as it was at `asOf`: events, answers and displays before it, cases as they stood then (opened before,
 * not yet resolved), and the ledger's changes in effect before it. Each source is read once for the project
 * and bounded by the model's windows, never per account. Traits (seats) are read as they are now.
 */
export async function healthInputsAsOf(
  database: ReadDatabase,
  projectId: string,
  asOf: number,
  model: THealthModel,
): Promise<AccountHealthInputs[]> {
  const c = model.components
  const accounts = await database.reads
    .selectFrom('accounts')
    .select(['id', 'traits', 'first_seen'])
    .where('project_id', '=', projectId)
    .where('first_seen', '<', asOf)
    .orderBy('id')
    .execute()
  if (accounts.length === 0) return []

  const activity = await recentActivity(database, projectId, asOf)

  const answers = new Map<string, SentimentAnswer[]>()
  const sentimentFrom = asOf - c.sentiment.windowDays * DAY
  const answerRows = await sql<{
    account_id: string
    kind: 'nps' | 'csat' | 'ces'
    score: number
    created_at: number | string
  }>`
    SELECT responses.account_id, surveys.kind, responses.score, responses.created_at FROM responses
    JOIN surveys ON surveys.project_id = responses.project_id AND surveys.id = responses.survey_id
    WHERE responses.project_id = ${projectId} AND responses.created_at >= ${sentimentFrom}
      AND responses.created_at < ${asOf} AND responses.account_id IS NOT NULL AND responses.score IS NOT NULL`.execute(
    database.reads,
  )
  for (const row of answerRows.rows) {
    const list = answers.get(row.account_id) ?? []
    list.push({ kind: row.kind, score: Number(row.score), ageDays: (asOf - Number(row.created_at)) / DAY })
    answers.set(row.account_id, list)
  }

  // Cases as they stood at asOf: opened before it and not resolved by then.
  const caseRows = await sql<{ account_id: string; open: number | string; overdue: number | string }>`
    SELECT responses.account_id, COUNT(*) AS open,
      SUM(CASE WHEN cases.due_at < ${asOf} THEN 1 ELSE 0 END) AS overdue
    FROM cases JOIN responses ON responses.project_id = cases.project_id AND responses.id = cases.response_id
    WHERE cases.project_id = ${projectId} AND cases.created_at < ${asOf}
      AND (cases.resolved_at IS NULL OR cases.resolved_at >= ${asOf}) AND responses.account_id IS NOT NULL
    GROUP BY responses.account_id`.execute(database.reads)
  const cases = new Map(
    caseRows.rows.map((row) => [row.account_id, { open: Number(row.open), overdue: Number(row.overdue) }]),
  )

  const participationFrom = asOf - c.participation.windowDays * DAY
  const displayRows = await sql<{ account_id: string; displays: number | string }>`
    SELECT persons.account_id, COUNT(*) AS displays FROM displays
    JOIN persons ON persons.project_id = displays.project_id AND persons.id = displays.person_id
    WHERE displays.project_id = ${projectId} AND displays.created_at >= ${participationFrom}
      AND displays.created_at < ${asOf} AND persons.account_id IS NOT NULL
    GROUP BY persons.account_id`.execute(database.reads)
  const displays = new Map(displayRows.rows.map((row) => [row.account_id, Number(row.displays)]))
  const answeredRows = await sql<{ account_id: string; answers: number | string }>`
    SELECT account_id, COUNT(*) AS answers FROM responses
    WHERE project_id = ${projectId} AND created_at >= ${participationFrom} AND created_at < ${asOf}
      AND account_id IS NOT NULL
    GROUP BY account_id`.execute(database.reads)
  const answered = new Map(answeredRows.rows.map((row) => [row.account_id, Number(row.answers)]))

  const ledgerRows = await database.reads
    .selectFrom('revenue_changes')
    .select(['account_id', 'at', 'mrr', 'currency', 'status'])
    .where('project_id', '=', projectId)
    .where('at', '<', asOf)
    .orderBy('account_id')
    .orderBy('at')
    .execute()
  const ledgers = new Map<string, LedgerChange[]>()
  for (const row of ledgerRows) {
    const list = ledgers.get(row.account_id) ?? []
    list.push({ at: Number(row.at), mrr: Number(row.mrr), currency: row.currency, status: row.status })
    ledgers.set(row.account_id, list)
  }

  return accounts.map((account) => {
    const ledger = ledgers.get(account.id) ?? []
    const seen = activity.accounts.get(account.id)
    const accountAnswers = answers.get(account.id) ?? []
    const accountCases = cases.get(account.id)
    const shown = displays.get(account.id) ?? 0
    return {
      accountId: account.id,
      firstSeen: Number(account.first_seen),
      ledger,
      inputs: {
        usage: activity.tracked
          ? {
              activePeople30d: seen?.activePeople30d ?? 0,
              activePeoplePrev30d: seen?.activePeoplePrev30d ?? 0,
              seats: seatsOf(account.traits),
            }
          : null,
        // Needs the project's feature catalogue (the usage analytics): unknown until then.
        adoption: null,
        sentiment: accountAnswers,
        // Nothing to follow up for an account that never answered in the window nor has a case open.
        followUp: accountCases ?? (accountAnswers.length > 0 ? { open: 0, overdue: 0 } : null),
        revenue: revenueInput(ledger, asOf, c.revenue.lookbackDays),
        participation: shown > 0 ? { displays: shown, answers: answered.get(account.id) ?? 0 } : null,
      },
    }
  })
}

/** Paid MRR now and `lookbackDays` before, when the account paid then in the currency it pays now (or pays nothing now). */
function revenueInput(
  ledger: readonly LedgerChange[],
  asOf: number,
  lookbackDays: number,
): HealthInputs['revenue'] {
  const then = mrrBefore(ledger, asOf - lookbackDays * DAY)
  if (then === null || then.mrr === 0) return null
  const now = mrrBefore(ledger, asOf)
  if (now === null) return null
  // A change of currency is not a contraction: with no rate to compare them by, revenue is left out.
  if (now.mrr > 0 && now.currency !== then.currency) return null
  return { mrrNow: now.mrr, mrrBefore: then.mrr }
}
