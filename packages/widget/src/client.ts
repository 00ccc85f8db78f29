import type { TTraits } from '@heed/shared/schemas/json'
import { newId } from './ids'
import { onNavigation } from './navigation'
import { asksNotToTrack } from './privacy'
import { clearQueue, enqueue, flush, type Path, startQueue } from './queue'
import { report, safe } from './safe'
import { type Account, restart, state, update } from './state'
import type { WidgetConfig } from './survey'
import { closeSurvey, showSurvey, startSurveys, surveysOnEvent, surveysOnPage } from './surveys'

export type { Account } from './state'
export { useUi } from './surveys'

export interface InitOptions {
  /** The project's public key (pk_…). */
  key: string
  /** Where the Heed server is, e.g. 'https://heed.example.com'. */
  host: string
  /** The visitor's language, when the app knows it better than the browser (navigator.languages). */
  locale?: string
  /** Record a page view on load and on every route change of a single-page app. Default true. */
  autoPageviews?: boolean
  /**
   * Send nothing and show nothing to browsers asking not to be tracked (Do-Not-Track, Global Privacy
   * Control), even when the project does not ask for it. It cannot turn the project's setting off.
   */
  respectDoNotTrack?: boolean
  /** Log every payload the widget queues to console.debug. */
  debug?: boolean
}

// One widget per page: its state lives in this module.
let options: InitOptions | undefined
let config: WidgetConfig | undefined
let lastUrl: string

/** Truthy: send and show nothing. Undefined while Do-Not-Track is on and only the config can say. */
const silence = () =>
  state().o || (asksNotToTrack() && (options!.respectDoNotTrack || config?.project.honorDoNotTrack))

/**
 * Queues a payload with who and where; each ingest payload takes these fields or ignores them. The JSON
 * copy freezes the body as it is now, and fails here, where the public call catches it, on what JSON
 * cannot carry (cycles, BigInt) instead of in the queue later.
 */
const send = (path: Path, body: object): true | undefined => {
  if (!options) throw Error('init first')
  if (silence()) return
  const { a, u, c } = state()
  const url = location.href
  const payload = JSON.parse(
    JSON.stringify({
      anonymousId: a,
      userId: u,
      accountId: c?.id,
      // The server refuses a whole payload for a URL that is not http(s) or longer than 2048 characters.
      url: /^https?:/.test(url) && url.length < 2049 ? url : undefined,
      timestamp: new Date().toISOString(),
      ...body,
    }),
  )
  if (options.debug) console.debug('heed:', path, payload)
  enqueue(path, payload)
  return true
}

const event = (type: 'track' | 'page', name: string, properties?: object) =>
  send('events', { id: newId(), type, name: name.slice(0, 200), properties })

/** Forgets what waits to be sent, the identify call included, so it goes again after optIn(). */
const dropQueue = () => {
  clearQueue()
  update((saved) => (saved.i = undefined))
}

/**
 * Starts the widget: fetches the project's live surveys, records this page view and, unless
 * `autoPageviews` is false, every route change of a single-page app.
 */
export const init = safe((given: InitOptions) => {
  if (options) throw Error('init twice')
  const { key, host } = given
  if (!key || !/^https?:\/\//.test(host)) throw Error('init: key, host')
  const endpoint = (path: string) =>
    `${host.replace(/\/+$/, '')}/ingest/v1/${path}?key=${encodeURIComponent(key)}`
  options = given
  startQueue(endpoint, () => silence() === false)
  // 'hidden' is the last moment a page can count on: mobile browsers discard hidden tabs without unload.
  addEventListener('pagehide', () => flush(true))
  addEventListener('visibilitychange', () => document.hidden && flush(true))
  fetch(endpoint('config'))
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((loaded: WidgetConfig) => {
      config = loaded
      if (silence()) return dropQueue()
      flush()
      return loaded
    })
    .catch(report)
    // Undefined (no config, or privacy forbids): no survey will show on this page.
    .then((loaded) =>
      startSurveys(loaded || undefined, given.locale ? [given.locale] : navigator.languages, send, silence),
    )
  if (given.autoPageviews !== false) {
    page()
    onNavigation(safe(() => location.href !== lastUrl && page()))
  }
})

/**
 * Names the signed-in person (and their account), for the server and for audience rules. Kept until
 * reset(). Traits merge with those given before for the same person.
 */
export const identify = safe((userId: string, traits?: TTraits, account?: Account) => {
  // Numeric ids are common; the API takes text.
  const id = `${userId ?? ''}`
  if (!id) throw Error('identify: userId')
  const call = JSON.stringify([id, traits, account])
  update((saved) => {
    const samePerson = saved.u === id
    saved.t = { ...(samePerson && saved.t), ...traits }
    saved.c = account ?? (samePerson ? saved.c : undefined)
    saved.u = id
  })
  // Apps call identify on every page load: the same call, once queued, needs no second request.
  if (state().i !== call && send('identify', { traits, account })) update((saved) => (saved.i = call))
})

/** Records a usage event; it may also trigger a survey. */
export const track = safe((name: string, properties?: Record<string, unknown>) => {
  event('track', name, properties)
  surveysOnEvent(name, properties)
})

/** A page view, which starts a new page for targeting: surveys waiting on the last page are cancelled. */
export const page = safe((name?: string, properties?: object) => {
  const { pathname, href } = location
  lastUrl = href
  event('page', name || document.title || pathname, { path: pathname, ...properties })
  surveysOnPage()
})

/** Shows a live survey now, whatever its targeting; not to a person who opted out or asks not to be tracked. */
export const show = safe(showSurvey)

/** Logs the person out: a new anonymous id, no person. Fatigue and opt-out belong to the browser and stay. */
export const reset = safe(() => {
  closeSurvey()
  restart(state())
})

/** Stops sending and showing anything in this browser, for good (until optIn). */
export const optOut = safe(() => {
  update((saved) => (saved.o = 1))
  dropQueue()
  closeSurvey()
})

export const optIn = safe(() => update((saved) => (saved.o = undefined)))
