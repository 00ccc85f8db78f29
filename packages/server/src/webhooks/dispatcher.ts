import type { HeedDatabase } from '../db/open'
import type { Logger } from '../logger'
import {
  type AttemptOutcome,
  type AttemptReport,
  type ClaimedEvent,
  claimDueEvents,
  recordAttempt,
} from '../store/webhook-dispatch'
import { type BackoffPolicy, backoffPolicy, retryDelay } from './backoff'
import type { WebhookEvent } from './event-body'
import { onOutboxEnqueued } from './outbox-signal'
import { signatureHeader } from './signature'
import { slackMessage } from './slack-message'

export interface DispatcherOptions {
  database: HeedDatabase
  logger: Logger
  backoff?: BackoffPolicy
  /** How often the outbox is read when nothing else wakes the dispatcher. */
  pollIntervalMs?: number
  /** How long a receiver has to answer. */
  timeoutMs?: number
}

export interface WebhookDispatcher {
  /** Stops claiming events and resolves once the deliveries in flight are settled. */
  stop(): Promise<void>
}

const DEFAULT_POLL_INTERVAL_MS = 1_000
const DEFAULT_TIMEOUT_MS = 10_000
/** Deliveries in flight at once: enough that one slow receiver does not hold up the others. */
const CONCURRENCY = 16
/** How long a claimed event is held: long past the timeout, so only a dispatcher that died lets go of it. */
const LEASE_MARGIN_MS = 50_000
/** An enqueue signals before its transaction commits; looking a moment later finds the committed row. */
const AFTER_ENQUEUE_MS = 50
/** Enough of a refusing receiver's answer to say why, in the delivery log. */
const MAX_ERROR_BODY = 300

/**
 * Sends the outbox's events to their webhooks. Delivery is at least once: an event is marked delivered in
 * its own transaction right after the receiver's 2xx, so only a process killed between those two moments
 * (or a receiver slower than the timeout that still processed it) causes a second delivery, which the
 * receiver recognises by its X-Heed-Delivery id.
 */
export function startWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const {
    database,
    logger,
    backoff = backoffPolicy(),
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  } = options
  const inFlight = new Set<Promise<void>>()
  let stopped = false
  let polling: Promise<void> | undefined
  let timer: NodeJS.Timeout | undefined
  let wakeAt = Number.POSITIVE_INFINITY
  /** The last poll filled every slot: a finishing delivery then polls for the events left behind. */
  let saturated = false
  /** When this process's failed deliveries are due again, so a poll in between does not lose them. */
  let retryTimes: number[] = []

  /** Polls at `at` unless a poll is already due sooner. */
  const wake = (at: number) => {
    if (stopped || at >= wakeAt) return
    clearTimeout(timer)
    wakeAt = at
    timer = setTimeout(
      () => {
        wakeAt = Number.POSITIVE_INFINITY
        void poll()
      },
      Math.max(0, at - Date.now()),
    )
  }

  const poll = async () => {
    if (stopped) return
    if (polling) {
      // A poll is reading the outbox; one more right after it sees what arrived meanwhile.
      await polling
      wake(Date.now())
      return
    }
    polling = claimAndSend().finally(() => {
      polling = undefined
    })
    await polling
  }

  const claimAndSend = async () => {
    const capacity = CONCURRENCY - inFlight.size
    const claimedAt = Date.now()
    saturated = capacity <= 0
    if (capacity > 0) {
      try {
        const events = await claimDueEvents(database, {
          now: claimedAt,
          leaseUntil: claimedAt + timeoutMs + LEASE_MARGIN_MS,
          limit: capacity,
        })
        saturated = events.length === capacity
        for (const event of events) track(deliverAndRecord(event))
      } catch (error) {
        logger.error('webhook outbox could not be read', { error: String(error) })
      }
    }
    // Retries that were due when this poll claimed have been taken (or wait for a free slot).
    retryTimes = retryTimes.filter((time) => time > claimedAt)
    const nextRetry = retryTimes.reduce((soonest, time) => Math.min(soonest, time), Number.POSITIVE_INFINITY)
    if (!saturated) wake(Math.min(Date.now() + pollIntervalMs, nextRetry))
  }

  const track = (delivery: Promise<void>) => {
    const settled = delivery.finally(() => {
      inFlight.delete(settled)
      if (saturated) wake(Date.now())
    })
    inFlight.add(settled)
  }

  const deliverAndRecord = async (event: ClaimedEvent) => {
    const report = await deliver(event, timeoutMs)
    const outcome = outcomeOf(event, report, backoff)
    try {
      await recordAttempt(database, event, report, outcome)
    } catch (error) {
      // The lease runs out and the event is tried again: at least once, as promised.
      logger.error('webhook attempt could not be recorded', { eventId: event.id, error: String(error) })
      return
    }
    log(event, report, outcome)
    if ('retryAt' in outcome) {
      retryTimes.push(outcome.retryAt)
      wake(outcome.retryAt)
    }
  }

  const log = (event: ClaimedEvent, report: AttemptReport, outcome: AttemptOutcome) => {
    const fields = { webhookId: event.webhookId, eventId: event.id, attempt: event.attempts + 1 }
    if ('delivered' in outcome) logger.debug('webhook delivered', fields)
    else if ('retryAt' in outcome) {
      const retryAt = new Date(outcome.retryAt).toISOString()
      logger.warn('webhook delivery failed', { ...fields, error: report.error, retryAt })
    } else logger.error('webhook delivery given up', { ...fields, error: report.error })
  }

  const unsubscribe = onOutboxEnqueued(() => wake(Date.now() + AFTER_ENQUEUE_MS))
  wake(Date.now())

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      unsubscribe()
      await polling
      await Promise.allSettled([...inFlight])
    },
  }
}

function outcomeOf(event: ClaimedEvent, report: AttemptReport, backoff: BackoffPolicy): AttemptOutcome {
  if (report.statusCode !== null && report.statusCode >= 200 && report.statusCode < 300) {
    return { delivered: true }
  }
  const delay = retryDelay(backoff, event.attempts + 1)
  return delay === undefined ? { dead: true } : { retryAt: report.at + delay }
}

/** The body as the webhook's format wants it. */
function deliveryBody(event: ClaimedEvent): string {
  const body: WebhookEvent = {
    id: event.id,
    type: event.type,
    createdAt: new Date(event.createdAt).toISOString(),
    projectId: event.projectId,
    data: JSON.parse(event.payload),
  }
  return JSON.stringify(event.format === 'slack' ? slackMessage(body) : body)
}

/** One POST of the event; never throws, every way it can go wrong is reported. */
async function deliver(event: ClaimedEvent, timeoutMs: number): Promise<AttemptReport> {
  const started = performance.now()
  const at = Date.now()
  try {
    const body = deliveryBody(event)
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Heed-Webhooks/1',
      'x-heed-event': event.type,
      'x-heed-delivery': event.id,
      'x-heed-signature': signatureHeader(event.secret, body, Math.floor(at / 1000)),
    }
    // Redirects are not followed: a receiver that moved is told by the log, and a POST is never
    // silently turned into a GET somewhere else.
    const response = await fetch(event.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    const ok = response.status >= 200 && response.status < 300
    // The answer's body is not needed beyond a refusal's first words; the rest is not read.
    let answer = ''
    if (ok) await response.body?.cancel()
    else answer = await startOf(response)
    return {
      statusCode: response.status,
      error: ok ? null : `HTTP ${response.status}${answer ? `: ${answer}` : ''}`,
      durationMs: performance.now() - started,
      at,
    }
  } catch (error) {
    return {
      statusCode: null,
      error: describeFailure(error, timeoutMs),
      durationMs: performance.now() - started,
      at,
    }
  }
}

/** The first characters of an answer's body, without reading more than that of it. */
async function startOf(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let length = 0
  while (length < MAX_ERROR_BODY) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    length += value.length
  }
  await reader.cancel()
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY).trim()
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`
  }
  // fetch reports network failures as "fetch failed" with the system's reason as the cause.
  const cause = error instanceof Error ? error.cause : undefined
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : undefined
  if (code) return `${code}: ${cause instanceof Error ? cause.message : ''}`.trim()
  return error instanceof Error ? error.message : String(error)
}
