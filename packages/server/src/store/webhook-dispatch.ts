import type { HeedDatabase } from '../db/open'
import type { WebhookTable } from '../db/schema'
import { query } from '../db/work'
import type { OutboxEventType } from '../webhooks/event-types'
import { newTimeOrderedId } from './ids'

/** An outbox event a dispatcher has claimed, with what it needs to send it. */
export interface ClaimedEvent {
  id: string
  projectId: string
  webhookId: string
  type: OutboxEventType
  /** The event's `data`, as JSON text. */
  payload: string
  /** Attempts made before this one. */
  attempts: number
  createdAt: number
  url: string
  secret: string
  format: WebhookTable['format']
}

/** What one attempt came to: the receiver's status, or why there was none. */
export interface AttemptReport {
  statusCode: number | null
  error: string | null
  durationMs: number
  at: number
}

/** After an attempt: acknowledged, to be tried again at a time, or given up. */
export type AttemptOutcome = { delivered: true } | { retryAt: number } | { dead: true }

interface ClaimedRow {
  id: string
  project_id: string
  webhook_id: string
  event_type: OutboxEventType
  payload: string
  attempts: number
  created_at: number
}

/**
 * Takes up to `limit` due events of active webhooks for sending, oldest due first, and leases them: their
 * next attempt moves to `leaseUntil`, so no other dispatcher takes them meanwhile, and a dispatcher that
 * dies while sending only delays them until the lease ends. On PostgreSQL, `SKIP LOCKED` lets several
 * server instances claim at once without waiting for each other or taking the same rows.
 */
export function claimDueEvents(
  database: HeedDatabase,
  { now, leaseUntil, limit }: { now: number; leaseUntil: number; limit: number },
): Promise<ClaimedEvent[]> {
  return database.transact(function* (dialect) {
    const lock = dialect === 'postgres' ? ' FOR UPDATE OF webhook_outbox SKIP LOCKED' : ''
    const { rows } = yield* query<ClaimedRow>(
      `UPDATE webhook_outbox SET next_attempt_at = ? WHERE id IN (
SELECT webhook_outbox.id FROM webhook_outbox JOIN webhooks ON webhooks.id = webhook_outbox.webhook_id
WHERE webhook_outbox.next_attempt_at <= ? AND webhooks.active = 1
ORDER BY webhook_outbox.next_attempt_at LIMIT ?${lock})
RETURNING id, project_id, webhook_id, event_type, payload, attempts, created_at`,
      [leaseUntil, now, limit],
    )
    if (rows.length === 0) return []
    const webhookIds = [...new Set(rows.map((row) => row.webhook_id))]
    const { rows: webhooks } = yield* query<{
      id: string
      url: string
      secret: string
      format: 'json' | 'slack'
    }>(
      `SELECT id, url, secret, format FROM webhooks WHERE id IN (${webhookIds.map(() => '?').join(', ')})`,
      webhookIds,
    )
    const byId = new Map(webhooks.map((webhook) => [webhook.id, webhook]))
    return rows.flatMap((row): ClaimedEvent[] => {
      const webhook = byId.get(row.webhook_id)
      if (!webhook) return []
      return [
        {
          id: row.id,
          projectId: row.project_id,
          webhookId: row.webhook_id,
          type: row.event_type,
          payload: row.payload,
          attempts: Number(row.attempts),
          createdAt: Number(row.created_at),
          url: webhook.url,
          secret: webhook.secret,
          format: webhook.format,
        },
      ]
    })
  })
}

/**
 * Logs the attempt and settles the event in one short transaction, right after the receiver answered: an
 * acknowledged event is marked delivered before anything else happens, so a restart does not send it again.
 * A late failure report never undoes a delivery another dispatcher already recorded.
 */
export function recordAttempt(
  database: HeedDatabase,
  event: ClaimedEvent,
  report: AttemptReport,
  outcome: AttemptOutcome,
): Promise<void> {
  const attempt = event.attempts + 1
  return database.transact(function* () {
    yield* query(
      `INSERT INTO webhook_deliveries (id, project_id, outbox_id, webhook_id, attempt, status_code, error,
duration_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        newTimeOrderedId('dlv'),
        event.projectId,
        event.id,
        event.webhookId,
        attempt,
        report.statusCode,
        report.error,
        Math.round(report.durationMs),
        report.at,
      ],
    )
    if ('delivered' in outcome) {
      yield* query(
        `UPDATE webhook_outbox SET attempts = ?, delivered_at = ?, next_attempt_at = NULL, last_error = NULL
WHERE id = ? AND delivered_at IS NULL`,
        [attempt, report.at, event.id],
      )
      return
    }
    const [nextAttemptAt, deadAt] = 'retryAt' in outcome ? [outcome.retryAt, null] : [null, report.at]
    yield* query(
      `UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, dead_at = ?, last_error = ?
WHERE id = ? AND delivered_at IS NULL`,
      [attempt, nextAttemptAt, deadAt, report.error, event.id],
    )
  })
}
