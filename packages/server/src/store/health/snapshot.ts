import { decideStage } from '@heed/shared/lifecycle/decide'
import { periodLabel } from '@heed/shared/periods/period'
import type { HeedDatabase } from '../../db/open'
import { query } from '../../db/work'
import { eventFacts, payingOf } from '../lifecycle/facts'
import { lifecycleRulesOf } from '../lifecycle/rules'
import { moveToStage } from '../lifecycle/stage-writes'
import { enqueueWebhookEvent } from '../webhook-outbox'
import { type AccountHealthAsOf, healthAsOf } from './as-of'
import { healthModelOf } from './model'

/** Accounts written per transaction: on SQLite each holds the writer, so ingest's writes get turns between. */
const CHUNK = 100

export interface SnapshotOutcome {
  /** The day ('YYYY-MM-DD' in the project's time zone) the scores were stored under. */
  day: string
  accounts: number
  bandChanges: number
  stageChanges: number
}

/**
 * Scores every account of the project as of `asOf` and stores the scores under the day holding the instant
 * just before `asOf` (so a day's close, the next midnight, stores that day). With `latest` (the daily job,
 * a recompute) it also replaces each account's latest health, queues `account.health_changed` for an
 * account whose band changed, and moves accounts to the stage the lifecycle rules now give them; without it
 * (a backfill of past days) only the day's history is written. Idempotent: running it again for the same
 * instant changes nothing more.
 */
export async function snapshotHealth(
  database: HeedDatabase,
  projectId: string,
  options: { asOf: number; timeZone: string; latest: boolean },
): Promise<SnapshotOutcome> {
  const { asOf, timeZone, latest } = options
  const model = await healthModelOf(database, projectId)
  const accounts = await healthAsOf(database, projectId, asOf, model)
  const day = periodLabel(new Date(asOf - 1), 'day', timeZone)
  const outcome: SnapshotOutcome = { day, accounts: accounts.length, bandChanges: 0, stageChanges: 0 }
  if (accounts.length === 0) return outcome
  const rules = await lifecycleRulesOf(database, projectId)
  const facts = latest ? await eventFacts(database, projectId, rules, asOf) : undefined

  for (let i = 0; i < accounts.length; i += CHUNK) {
    const chunk = accounts.slice(i, i + CHUNK)
    const changed = await database.transact(function* () {
      let bandChanges = 0
      let stageChanges = 0
      for (const account of chunk) {
        const { score, band } = account.explanation
        yield* query(
          `INSERT INTO account_health_days (project_id, account_id, day, score, band) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (project_id, account_id, day) DO UPDATE SET score = excluded.score, band = excluded.band`,
          [projectId, account.accountId, day, score, band],
        )
        if (!facts) continue
        if (yield* storeLatest(projectId, account, asOf)) bandChanges++
        const decision = decideStage(
          {
            firstSeenAt: account.firstSeen,
            paying: payingOf(account.ledger),
            activatedAt: facts.activatedAt.get(account.accountId) ?? null,
            band,
            lastPromoterAt: facts.lastPromoterAt.get(account.accountId) ?? null,
            lastReferralAt: facts.lastReferralAt.get(account.accountId) ?? null,
          },
          rules,
          asOf,
        )
        const { rows } = yield* query<{ source: string }>(
          'SELECT source FROM account_stages WHERE project_id = ? AND account_id = ?',
          [projectId, account.accountId],
        )
        // A stage set by hand holds until a CSM clears it; only a cancellation in the ledger overrides it.
        if (rows[0]?.source === 'manual' && decision.stage !== 'churned') continue
        const change = {
          stage: decision.stage,
          source: 'rule' as const,
          reason: decision.reason,
          setBy: null,
        }
        if (yield* moveToStage(projectId, account.accountId, change, asOf)) stageChanges++
      }
      return { bandChanges, stageChanges }
    })
    outcome.bandChanges += changed.bandChanges
    outcome.stageChanges += changed.stageChanges
  }
  return outcome
}

/** Replaces the account's latest health; queues the webhook event and returns true when its band changed. */
function* storeLatest(projectId: string, account: AccountHealthAsOf, at: number) {
  const { score, band } = account.explanation
  const { rows } = yield* query<{ score: number | string | null; band: string | null }>(
    'SELECT score, band FROM account_health WHERE project_id = ? AND account_id = ?',
    [projectId, account.accountId],
  )
  yield* query(
    `INSERT INTO account_health (project_id, account_id, score, band, explanation, computed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, account_id) DO UPDATE SET score = excluded.score, band = excluded.band,
       explanation = excluded.explanation, computed_at = excluded.computed_at`,
    [projectId, account.accountId, score, band, JSON.stringify(account.explanation), at],
  )
  const before = rows[0]
  // A first score is not a change; nor is losing every signal (no band): only a move between bands is.
  if (!before || before.band === null || band === null || before.band === band) return false
  yield* enqueueWebhookEvent(
    projectId,
    'account.health_changed',
    {
      accountId: account.accountId,
      from: before.band,
      to: band,
      previousScore: before.score === null ? null : Number(before.score),
      score,
      summary: account.explanation.summary,
      at: new Date(at).toISOString(),
    },
    at,
  )
  return true
}
