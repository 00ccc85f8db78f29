import type { HeedDatabase } from '../db/open'

/** One attempt to deliver one event, as the delivery log shows it. */
export interface DeliveryRecord {
  id: string
  /** The event's id, also sent as X-Heed-Delivery. */
  eventId: string
  eventType: string
  attempt: number
  /** The receiver's HTTP status, or null when it could not be reached or did not answer in time. */
  statusCode: number | null
  error: string | null
  durationMs: number
  at: number
  /** Where the event stands now: delivered, pending (to be tried again) or dead (given up). */
  eventStatus: 'delivered' | 'pending' | 'dead'
}

/**
 * The webhook's delivery attempts, newest first (ties broken by id, descending), starting after `after`:
 * keyset pagination, so attempts logged meanwhile neither shift nor repeat a page. The caller has checked
 * that the webhook is the project's; the project is matched again here all the same.
 */
export async function listDeliveries(
  database: HeedDatabase,
  projectId: string,
  webhookId: string,
  page: { limit: number; after?: { at: number; id: string } },
): Promise<DeliveryRecord[]> {
  let query = database.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_outbox as o', 'o.id', 'd.outbox_id')
    .select([
      'd.id',
      'd.outbox_id',
      'o.event_type',
      'd.attempt',
      'd.status_code',
      'd.error',
      'd.duration_ms',
      'd.at',
      'o.delivered_at',
      'o.dead_at',
    ])
    .where('d.project_id', '=', projectId)
    .where('d.webhook_id', '=', webhookId)
  const after = page.after
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('d.at', '<', after.at), eb.and([eb('d.at', '=', after.at), eb('d.id', '<', after.id)])]),
    )
  }
  const rows = await query.orderBy('d.at', 'desc').orderBy('d.id', 'desc').limit(page.limit).execute()
  return rows.map((row) => ({
    id: row.id,
    eventId: row.outbox_id,
    eventType: row.event_type,
    attempt: Number(row.attempt),
    statusCode: row.status_code,
    error: row.error,
    durationMs: Number(row.duration_ms),
    at: Number(row.at),
    eventStatus: row.delivered_at !== null ? 'delivered' : row.dead_at !== null ? 'dead' : 'pending',
  }))
}
