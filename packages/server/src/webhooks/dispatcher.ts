import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
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
import {
  type DestinationPolicy,
  DestinationRefused,
  guardedLookup,
  literalHostProblem,
} from './destination-policy'
import type { WebhookEvent } from './event-body'
import { onOutboxEnqueued } from './outbox-signal'
import { signatureHeader } from './signature'
import { slackMessage } from './slack-message'

export interface DispatcherOptions {
  database: HeedDatabase
  logger: Logger
  backoff?: BackoffPolicy
  /** Where deliveries may go; checked again at every connection, against the addresses connected to. */
  destinations: DestinationPolicy
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
/** Enough of a refusing receiver's answer to say why, in the server's log. */
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
    destinations,
  } = options
  // Every connection looks its host up through the policy; no keep-alive, so each delivery looks again.
  const lookup = guardedLookup(destinations)
  const agents: Agents = { http: new HttpAgent({ lookup }), https: new HttpsAgent({ lookup }) }
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
    const { report, detail } = await deliver(event, timeoutMs, destinations, agents)
    const outcome = outcomeOf(event, report, backoff)
    try {
      await recordAttempt(database, event, report, outcome)
    } catch (error) {
      // The lease runs out and the event is tried again: at least once, as promised.
      logger.error('webhook attempt could not be recorded', { eventId: event.id, error: String(error) })
      return
    }
    log(event, report, detail, outcome)
    if ('retryAt' in outcome) {
      retryTimes.push(outcome.retryAt)
      wake(outcome.retryAt)
    }
  }

  const log = (
    event: ClaimedEvent,
    report: AttemptReport,
    detail: string | null,
    outcome: AttemptOutcome,
  ) => {
    const fields = { webhookId: event.webhookId, eventId: event.id, attempt: event.attempts + 1 }
    if ('delivered' in outcome) logger.debug('webhook delivered', fields)
    else if ('retryAt' in outcome) {
      const retryAt = new Date(outcome.retryAt).toISOString()
      logger.warn('webhook delivery failed', { ...fields, error: report.error, detail, retryAt })
    } else logger.error('webhook delivery given up', { ...fields, error: report.error, detail })
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
      agents.http.destroy()
      agents.https.destroy()
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

/** An attempt: what the project's delivery log shows, and what only the server's log says about it. */
interface Attempt {
  report: AttemptReport
  detail: string | null
}

interface Agents {
  http: HttpAgent
  https: HttpsAgent
}

/**
 * One POST of the event; never throws, every way it can go wrong is reported. The delivery log, which the
 * project's admins read, gets a generic text ("connection failed", "timed out", "HTTP 500"): were it to
 * repeat the system's reason or the receiver's answer, webhooks would scan ports and read internal pages.
 */
async function deliver(
  event: ClaimedEvent,
  timeoutMs: number,
  destinations: DestinationPolicy,
  agents: Agents,
): Promise<Attempt> {
  const started = performance.now()
  const at = Date.now()
  const attempt = (statusCode: number | null, error: string | null, detail: string | null) => ({
    report: { statusCode, error, durationMs: performance.now() - started, at },
    detail,
  })
  try {
    const url = new URL(event.url)
    // A socket given an IP address connects without a lookup: the address is checked here instead.
    const literal = literalHostProblem(destinations, url)
    if (literal) return attempt(null, REFUSED, `${url.hostname} ${literal}`)
    const body = deliveryBody(event)
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Heed-Webhooks/1',
      'x-heed-event': event.type,
      'x-heed-delivery': event.id,
      'x-heed-signature': signatureHeader(event.secret, body, Math.floor(at / 1000)),
    }
    const agent = url.protocol === 'https:' ? agents.https : agents.http
    const { status, answer } = await post(url, { headers, agent }, body, timeoutMs)
    if (status >= 200 && status < 300) return attempt(status, null, null)
    return attempt(status, `HTTP ${status}`, answer === '' ? null : `answered: ${answer}`)
  } catch (error) {
    return attempt(null, failureText(error), failureDetail(error))
  }
}

const REFUSED = 'destination not allowed'

/** Raised when the receiver has not answered in time. */
class DeliveryTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`)
    this.name = 'DeliveryTimeout'
  }
}

/**
 * Posts `body` and resolves with the answer's status and, for a refusal, its first characters. Redirects are
 * not followed: a receiver that moved is told by the log, and a POST is never silently turned into a GET
 * somewhere else. The answer's body is not read beyond that, and the timeout covers the whole exchange.
 */
function post(
  url: URL,
  options: { headers: Record<string, string>; agent: HttpAgent },
  body: string,
  timeoutMs: number,
): Promise<{ status: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const request = send(url, { method: 'POST', ...options })
    const timer = setTimeout(() => request.destroy(new DeliveryTimeout(timeoutMs)), timeoutMs)
    request.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    request.on('response', (response) => {
      const status = response.statusCode ?? 0
      const chunks: Buffer[] = []
      let length = 0
      let settled = false
      const settle = () => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        response.destroy()
        resolve({ status, answer: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY).trim() })
      }
      if (status >= 200 && status < 300) return settle()
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        length += chunk.length
        if (length >= MAX_ERROR_BODY) settle()
      })
      response.on('end', settle)
      response.on('error', settle)
      response.on('close', settle)
    })
    request.end(body)
  })
}

function failureText(error: unknown): string {
  if (error instanceof DestinationRefused) return REFUSED
  if (error instanceof DeliveryTimeout) return 'timed out'
  return 'connection failed'
}

/** The system's reason, for the server's log only. */
function failureDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = 'code' in error ? String(error.code) : undefined
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message
}
