import type { LifecycleFacts } from '@heed/shared/lifecycle/decide'
import type { TLifecycleRules } from '@heed/shared/lifecycle/rules'
import { type LedgerChange, paidMrr } from '@heed/shared/revenue/ledger'
import { sql } from 'kysely'
import type { ReadDatabase } from '../revenue/read-database'

/** The ledger at an instant, as the lifecycle rules read it (changes before the instant, oldest first). */
export function payingOf(ledger: readonly LedgerChange[]): LifecycleFacts['paying'] {
  const latest = ledger.at(-1)
  if (latest === undefined) return 'unknown'
  if (paidMrr(latest) > 0) return 'paying'
  if (ledger.some((change) => paidMrr(change) > 0)) return 'lapsed'
  return latest.status === 'trial' ? 'trial' : 'unknown'
}

export interface EventFacts {
  activatedAt: Map<string, number>
  lastReferralAt: Map<string, number>
  lastPromoterAt: Map<string, number>
}

/**
 * Per account, before `asOf`: the first activation event, the latest referral event (both through the
 * `events_name_time` index) and, when the account's latest NPS answer is a promoter's, its time.
 */
export async function eventFacts(
  database: ReadDatabase,
  projectId: string,
  rules: TLifecycleRules,
  asOf: number,
): Promise<EventFacts> {
  const firstOrLast = async (name: string, aggregate: 'MIN' | 'MAX') => {
    const { rows } = await sql<{ account_id: string; at: number | string }>`
      SELECT account_id, ${sql.raw(aggregate)}(occurred_at) AS at FROM events
      WHERE project_id = ${projectId} AND name = ${name} AND occurred_at < ${asOf} AND account_id IS NOT NULL
      GROUP BY account_id`.execute(database.reads)
    return new Map(rows.map((row) => [row.account_id, Number(row.at)]))
  }
  // The latest NPS answer of each account, kept when it is a promoter's.
  const { rows } = await sql<{ account_id: string; at: number | string; score: number }>`
    SELECT responses.account_id, responses.created_at AS at, responses.score FROM responses
    JOIN surveys ON surveys.project_id = responses.project_id AND surveys.id = responses.survey_id
    WHERE responses.project_id = ${projectId} AND surveys.kind = 'nps' AND responses.score IS NOT NULL
      AND responses.created_at < ${asOf} AND responses.account_id IS NOT NULL
      AND responses.created_at = (SELECT MAX(latest.created_at) FROM responses latest
        JOIN surveys s ON s.project_id = latest.project_id AND s.id = latest.survey_id
        WHERE latest.project_id = responses.project_id AND latest.account_id = responses.account_id
          AND s.kind = 'nps' AND latest.score IS NOT NULL AND latest.created_at < ${asOf})`.execute(
    database.reads,
  )
  return {
    activatedAt: await firstOrLast(rules.activationEvent, 'MIN'),
    lastReferralAt: await firstOrLast(rules.referralEvent, 'MAX'),
    lastPromoterAt: new Map(
      rows.filter((row) => Number(row.score) >= 9).map((row) => [row.account_id, Number(row.at)]),
    ),
  }
}
