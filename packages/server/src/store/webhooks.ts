import { randomBytes } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { HeedDatabase } from '../db/open'
import type { WebhookTable } from '../db/schema'
import { query, type SqlWork } from '../db/work'
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/event-types'
import { signalOutboxEnqueued } from '../webhooks/outbox-signal'
import { newId } from './ids'
import { parseJsonArray } from './json'
import { insertOutboxEvents } from './webhook-outbox'

export type WebhookFormat = WebhookTable['format']

export interface WebhookRecord {
  id: string
  url: string
  events: WebhookEventType[]
  format: WebhookFormat
  active: boolean
  /** The secret's last characters, so people can tell which one a receiver has. */
  secretHint: string
  createdAt: number
  updatedAt: number
}

export interface WebhookSettings {
  url: string
  events: WebhookEventType[]
  format: WebhookFormat
}

export interface WebhookChanges extends Partial<WebhookSettings> {
  active?: boolean
}

const SECRET_HINT_LENGTH = 4

const isEventType = (value: unknown): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(value)

const toRecord = (row: Selectable<WebhookTable>): WebhookRecord => ({
  id: row.id,
  url: row.url,
  events: parseJsonArray(row.events).filter(isEventType),
  format: row.format,
  active: row.active === 1,
  secretHint: row.secret.slice(-SECRET_HINT_LENGTH),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/**
 * Creates a webhook and its signing secret. The secret is returned once; it is stored as is rather than
 * hashed, because the dispatcher needs it to sign every delivery.
 */
export async function createWebhook(
  database: HeedDatabase,
  projectId: string,
  settings: WebhookSettings,
  now: number,
): Promise<{ webhook: WebhookRecord; secret: string }> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`
  const row = await database.db
    .insertInto('webhooks')
    .values({
      id: newId('wh'),
      project_id: projectId,
      url: settings.url,
      secret,
      events: JSON.stringify(settings.events),
      format: settings.format,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { webhook: toRecord(row), secret }
}

/** The project's webhooks, oldest first: a project has a handful. */
export async function listWebhooks(database: HeedDatabase, projectId: string): Promise<WebhookRecord[]> {
  const rows = await database.db
    .selectFrom('webhooks')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

export async function findWebhook(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<WebhookRecord | undefined> {
  const row = await database.db
    .selectFrom('webhooks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toRecord(row)
}

/**
 * Changes the given fields. Events already queued keep the URL and format current when they are sent; a
 * paused webhook's queued events wait, and are sent once it is active again.
 */
export async function updateWebhook(
  database: HeedDatabase,
  projectId: string,
  id: string,
  changes: WebhookChanges,
  now: number,
): Promise<WebhookRecord | undefined> {
  const row = await database.db
    .updateTable('webhooks')
    .set({
      ...(changes.url !== undefined && { url: changes.url }),
      ...(changes.events !== undefined && { events: JSON.stringify(changes.events) }),
      ...(changes.format !== undefined && { format: changes.format }),
      ...(changes.active !== undefined && { active: changes.active ? 1 : 0 }),
      updated_at: now,
    })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row && toRecord(row)
}

/** Deletes the webhook with its queued events and its delivery log; returns what it was. */
export async function deleteWebhook(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<WebhookRecord | undefined> {
  const row = await database.db
    .deleteFrom('webhooks')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row && toRecord(row)
}

export type TestEventOutcome =
  | { outcome: 'queued'; eventId: string }
  | { outcome: 'not-found' }
  | { outcome: 'paused' }

/** Whether the project has this webhook, and whether it is active, read inside the caller's transaction. */
function* webhookState(projectId: string, id: string): SqlWork<'missing' | 'paused' | 'active'> {
  const { rows } = yield* query<{ active: number }>(
    'SELECT active FROM webhooks WHERE project_id = ? AND id = ?',
    [projectId, id],
  )
  const webhook = rows[0]
  if (!webhook) return 'missing'
  return Number(webhook.active) === 1 ? 'active' : 'paused'
}

/** Queues a `webhook.test` event for this one webhook, whatever it subscribes to. */
export function enqueueTestEvent(
  database: HeedDatabase,
  projectId: string,
  id: string,
  now: number,
): Promise<TestEventOutcome> {
  return database.transact(function* () {
    const state = yield* webhookState(projectId, id)
    if (state === 'missing') return { outcome: 'not-found' }
    if (state === 'paused') return { outcome: 'paused' }
    const data = { webhookId: id, message: 'A test event sent from the Heed admin API.' }
    const [eventId = ''] = yield* insertOutboxEvents(projectId, [id], TEST_EVENT_TYPE, data, now)
    return { outcome: 'queued', eventId }
  })
}

export type RedeliverOutcome =
  | { outcome: 'queued' }
  | { outcome: 'not-found'; what: 'webhook' | 'event' }
  | { outcome: 'paused' }
  | { outcome: 'queued-already' }

/**
 * Sends a delivered or dead event of the webhook again, on a fresh retry schedule: after a receiver was down
 * longer than the retries last, or lost what it was sent. The event keeps its id, so its X-Heed-Delivery is
 * the one it had. An event still queued (or being sent) is left as it is.
 */
export function redeliverEvent(
  database: HeedDatabase,
  projectId: string,
  webhookId: string,
  eventId: string,
  now: number,
): Promise<RedeliverOutcome> {
  return database.transact(function* () {
    const state = yield* webhookState(projectId, webhookId)
    if (state === 'missing') return { outcome: 'not-found', what: 'webhook' }
    if (state === 'paused') return { outcome: 'paused' }
    const { changes } = yield* query(
      `UPDATE webhook_outbox SET attempts = 0, next_attempt_at = ?, delivered_at = NULL, dead_at = NULL,
last_error = NULL WHERE project_id = ? AND webhook_id = ? AND id = ? AND next_attempt_at IS NULL`,
      [now, projectId, webhookId, eventId],
    )
    if (changes === 1) {
      signalOutboxEnqueued()
      return { outcome: 'queued' }
    }
    const { rows: queued } = yield* query(
      'SELECT id FROM webhook_outbox WHERE project_id = ? AND webhook_id = ? AND id = ?',
      [projectId, webhookId, eventId],
    )
    return queued.length === 1 ? { outcome: 'queued-already' } : { outcome: 'not-found', what: 'event' }
  })
}
