import { load, save } from './storage'
import { post } from './transport'

/** The ingest endpoints the widget POSTs to. */
export type Path = 'events' | 'displays' | 'responses' | 'identify'

/** One payload waiting to be delivered. Stored as JSON across page loads, hence the short, stable names. */
interface Item {
  p: Path
  b: object
}

const STORAGE_KEY = 'heed:q'

enum Limit {
  /** Past this many waiting items the oldest events are dropped, so an offline visitor cannot fill storage. */
  Items = 500,
  /** Events go out once this many wait, or FlushMs after the first of them. */
  Batch = 20,
  FlushMs = 5_000,
  /** The server takes at most 100 events per request. */
  EventsPerRequest = 100,
  BackoffMs = 1_000,
  MaxBackoffMs = 300_000,
}

let items: Item[] = []
let endpoint: (path: Path) => string
let canSend: () => boolean
let timer: ReturnType<typeof setTimeout> | undefined
let sending: boolean | undefined
let failures = 0

const isEvent = (item: Item) => item.p === 'events'
const keep = (kept: Item[]) => {
  items = kept
  save(STORAGE_KEY, items)
}
const later = (ms: number) => {
  clearTimeout(timer)
  timer = setTimeout(flush, ms)
}
const schedule = () => {
  const events = items.filter(isEvent).length
  // While backing off, the backoff timer sends everything.
  if (!failures)
    items.length > events || events >= Limit.Batch ? flush() : events && !timer && later(Limit.FlushMs)
}

/**
 * Delivers payloads at least once; the server drops repeats by their client ids, so a retry never counts
 * twice. What waits is stored, so payloads that could not be sent (offline, server down, page closed) are
 * retried, on a later page load if need be: with exponential backoff and full jitter, and at once when
 * the browser comes back online. Nothing is sent while `allowed()` is false.
 */
export const startQueue = (to: (path: Path) => string, allowed: () => boolean): void => {
  endpoint = to
  canSend = allowed
  const stored = load(STORAGE_KEY)
  items = Array.isArray(stored) ? stored : []
  addEventListener('online', () => {
    failures = 0
    flush()
  })
}

/** Queues a payload: events wait to go in batches, everything else goes at once. */
export const enqueue = (path: Path, body: object): void => {
  items.push({ p: path, b: body })
  // The oldest events go first: one usage event is one of many, a response or a display is not.
  while (items.length > Limit.Items) {
    const oldest = items.findIndex(isEvent)
    if (oldest < 0) break
    items.splice(oldest, 1)
  }
  keep(items)
  schedule()
}

/** Forgets everything waiting (the person opted out, or Do-Not-Track applies). */
export const clearQueue = () => keep([])

/**
 * Sends one request; true when it should be sent again later. A refusal (4xx other than 408 and 429) is
 * final: sending it again would fail the same way, so it is dropped and logged. When the server names the
 * events of a batch it refused ('events.3.name'), only those are dropped and the others go again.
 */
const send = async (sent: Item[], leaving?: boolean) => {
  const { p: path, b: body } = sent[0]!
  const reply = await post(
    endpoint(path),
    path === 'events' ? { events: sent.map((item) => item.b) } : body,
    leaving,
  )
  const status = reply.status
  if (!status || status === 408 || status === 429 || status > 499) return true
  let done = sent
  if (status > 299) {
    const issues = await reply.text!().catch(() => '')
    const refused = sent.filter((_, index) => issues.match(`events\\.${index}\\b`))
    if (refused[0]) done = refused
    console.debug('heed: refused', status, path, done)
  }
  keep(items.filter((item) => !done.includes(item)))
}

/** Sends what waits; `leaving` when the page is being hidden or closed, so the requests must outlive it. */
export const flush = (leaving?: boolean): void => {
  clearTimeout(timer)
  timer = undefined
  if (!canSend() || (sending && !leaving)) return
  const events = items.filter(isEvent).slice(0, Limit.EventsPerRequest)
  // One request per response, display or identify call, and one for the batch of events.
  const requests = new Set(items.map((item) => (isEvent(item) ? events : [item])))
  if (!requests.size) return
  sending = true
  Promise.all([...requests].map((request) => send(request, leaving))).then((retries) => {
    sending = false
    if (retries.includes(true))
      later(Math.random() * Math.min(Limit.MaxBackoffMs, Limit.BackoffMs * 2 ** failures++))
    else {
      failures = 0
      schedule()
    }
  })
}
