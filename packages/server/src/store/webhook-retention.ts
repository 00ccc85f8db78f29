import type { HeedDatabase } from '../db/open'
import { query } from '../db/work'

/**
 * How long a settled webhook event (delivered, or dead after its last retry) and its delivery log are kept,
 * counted from when the event was queued: a month is long enough to look into a receiver's failures after a
 * holiday, and keeps the outbox from growing with every answer for ever.
 */
export const WEBHOOK_HISTORY_MS = 30 * 24 * 60 * 60 * 1000

/**
 * Deletes up to `limit` settled events queued before `before`, oldest first, and with them their delivery
 * log (the foreign key cascades). Events still to be sent stay, however old, as do those of a paused webhook.
 * Returns how many events were deleted.
 */
export function pruneSettledWebhookEvents(
  database: HeedDatabase,
  before: number,
  limit: number,
): Promise<number> {
  return database.transact(function* () {
    const { changes } = yield* query(
      `DELETE FROM webhook_outbox WHERE id IN (SELECT id FROM webhook_outbox
WHERE next_attempt_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)`,
      [before, limit],
    )
    return changes
  })
}
