import { type Bucket, bucketOf } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import { query, type SqlWork } from '../db/work'
import type { OutboxEventType, WebhookEventType } from '../webhooks/event-types'
import { signalOutboxEnqueued } from '../webhooks/outbox-signal'
import { newTimeOrderedId } from './ids'
import { parseJsonArray } from './json'

const SELECT_ACTIVE_WEBHOOKS = 'SELECT id, events FROM webhooks WHERE project_id = ? AND active = 1'

const INSERT_OUTBOX = `INSERT INTO webhook_outbox (id, project_id, webhook_id, event_type, response_id, payload,
attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`

const SELECT_RESPONSE = `SELECT survey_id, person_id, account_id, score, comment, created_at FROM responses
WHERE project_id = ? AND id = ?`

/** What a webhook receives as `data` for response.created and detractor.created. */
export interface ResponseEventData {
  id: string
  surveyId: string
  kind: SurveyKind
  score: number
  bucket: Bucket
  comment: string | null
  personId: string | null
  accountId: string | null
  createdAt: string
}

function* activeWebhooks(projectId: string): SqlWork<Array<{ id: string; events: unknown[] }>> {
  const { rows } = yield* query<{ id: string; events: string }>(SELECT_ACTIVE_WEBHOOKS, [projectId])
  return rows.map((row) => ({ id: row.id, events: parseJsonArray(row.events) }))
}

/**
 * The response an event is about, so that erasing a person also erases the events carrying their answers:
 * the response's own id for response events, `responseId` for a case.
 */
function responseIdOf(type: OutboxEventType, payload: object): string | null {
  const field = type === 'case.updated' ? 'responseId' : 'id'
  const value: unknown = (payload as Record<string, unknown>)[field]
  return typeof value === 'string' ? value : null
}

/** Queues one event for each of the given webhooks; the dispatcher sends it once the transaction commits. */
export function* insertOutboxEvents(
  projectId: string,
  webhookIds: readonly string[],
  type: OutboxEventType,
  payload: object,
  now: number,
): SqlWork<string[]> {
  const ids: string[] = []
  if (webhookIds.length === 0) return ids
  const data = JSON.stringify(payload)
  const responseId = responseIdOf(type, payload)
  for (const webhookId of webhookIds) {
    const id = newTimeOrderedId('evt')
    yield* query(INSERT_OUTBOX, [id, projectId, webhookId, type, responseId, data, now, now])
    ids.push(id)
  }
  signalOutboxEnqueued()
  return ids
}

/**
 * Queues an event for every active webhook of the project subscribed to its type, in the caller's
 * transaction: the event exists if and only if the change it reports was committed. `payload` becomes the
 * `data` of the delivered event; a case's payload carries its `responseId`.
 */
export function* enqueueWebhookEvent(
  projectId: string,
  type: WebhookEventType,
  payload: object,
  now: number,
): SqlWork<void> {
  const webhooks = yield* activeWebhooks(projectId)
  const subscribed = webhooks.filter((webhook) => webhook.events.includes(type)).map((webhook) => webhook.id)
  yield* insertOutboxEvents(projectId, subscribed, type, payload, now)
}

/**
 * The events a response's change of score raises: response.created when it gets its first score (almost
 * always as it is created), detractor.created when its score moves into the detractor range. A comment or
 * a score that arrives later raises no second response.created.
 */
function responseEventTypes(
  kind: SurveyKind,
  previousScore: number | null,
  score: number | null,
): WebhookEventType[] {
  if (score === null || score === previousScore) return []
  const types: WebhookEventType[] = previousScore === null ? ['response.created'] : []
  const wasDetractor = previousScore !== null && bucketOf(kind, previousScore) === 'detractor'
  if (bucketOf(kind, score) === 'detractor' && !wasDetractor) types.push('detractor.created')
  return types
}

/**
 * Queues the events of a response whose score was just written (`previousScore` null for a new one), in the
 * transaction that wrote it. Costs one indexed read when the project has no webhook.
 */
export function* enqueueResponseEvents(
  projectId: string,
  responseId: string,
  kind: SurveyKind,
  previousScore: number | null,
  score: number | null,
  now: number,
): SqlWork<void> {
  const types = responseEventTypes(kind, previousScore, score)
  if (types.length === 0) return
  const webhooks = yield* activeWebhooks(projectId)
  if (!webhooks.some((webhook) => types.some((type) => webhook.events.includes(type)))) return
  const { rows } = yield* query<{
    survey_id: string
    person_id: string | null
    account_id: string | null
    score: number
    comment: string | null
    created_at: number
  }>(SELECT_RESPONSE, [projectId, responseId])
  const response = rows[0]
  if (!response) return
  const data: ResponseEventData = {
    id: responseId,
    surveyId: response.survey_id,
    kind,
    score: response.score,
    bucket: bucketOf(kind, response.score),
    comment: response.comment,
    personId: response.person_id,
    accountId: response.account_id,
    createdAt: new Date(Number(response.created_at)).toISOString(),
  }
  for (const type of types) {
    const subscribed = webhooks
      .filter((webhook) => webhook.events.includes(type))
      .map((webhook) => webhook.id)
    yield* insertOutboxEvents(projectId, subscribed, type, data, now)
  }
}

/** Bound parameters per statement, far below both dialects' limits. */
const ERASE_CHUNK = 500

/** Deletes the queued and delivered events about these responses, with their delivery log (GDPR erasure). */
export function* eraseWebhookEventsOf(projectId: string, responseIds: readonly string[]): SqlWork<void> {
  for (let start = 0; start < responseIds.length; start += ERASE_CHUNK) {
    const chunk = responseIds.slice(start, start + ERASE_CHUNK)
    yield* query(
      `DELETE FROM webhook_outbox WHERE project_id = ? AND response_id IN (${chunk.map(() => '?').join(', ')})`,
      [projectId, ...chunk],
    )
  }
}
