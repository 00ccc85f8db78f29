// Helpers for the loader's tests: a fake Heed server behind `fetch`, page loads as fresh module graphs, and
// surveys. Not part of any bundle.
import { vi } from 'vitest'
import type { WidgetConfig, WidgetSurvey } from './survey'

type Targeting = WidgetSurvey['targeting']

/** A live NPS survey; `targeting` fields replace the defaults (a page view anywhere, everyone, at once). */
export function aSurvey(id = 'srv_nps', targeting: Partial<Targeting> = {}): WidgetSurvey {
  return {
    id,
    kind: 'nps',
    defaultLocale: 'en',
    question: { en: 'How likely are you to recommend us?', de: 'Wie wahrscheinlich…?' },
    followUp: { default: { en: 'Why?' } },
    appearance: { position: 'bottom-right', brandColor: '#4f46e5', theme: 'auto' },
    targeting: {
      triggers: [{ type: 'pageview' }],
      delaySeconds: 0,
      audience: [],
      samplePercent: 100,
      displayLimit: 1,
      recurEveryDays: null,
      ...targeting,
    },
  }
}

export function aConfig(surveys: WidgetSurvey[] = [], project: Partial<WidgetConfig['project']> = {}) {
  return { project: { recontactDays: 0, honorDoNotTrack: false, ...project }, surveys }
}

/** A request the widget made, as the server saw it. */
export interface Request {
  path: string
  key: string | null
  // biome-ignore lint/suspicious/noExplicitAny: payloads are checked field by field in the tests
  body: any
  keepalive: boolean
  contentType?: string
}

/** What the fake server answers a POST: an HTTP status and body, or 'offline' for a network error. */
export type Answer = number | 'offline' | { status: number; body: unknown }

/**
 * A Heed server behind a stubbed `fetch`: it serves `config` and records every POST. `accepted` holds the
 * requests it answered with 2xx, i.e. what was delivered.
 */
export function fakeServer(config: WidgetConfig = aConfig()) {
  const server = {
    config,
    configStatus: 200,
    attempts: [] as Request[],
    accepted: [] as Request[],
    answer: (_request: Request): Answer => 201,
    /** Every payload delivered to `path`, events unpacked from their batches. */
    delivered(path: string) {
      return server.accepted
        .filter((request) => request.path === path)
        .flatMap((request) => (path === 'events' ? request.body.events : [request.body]))
    },
  }
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const { pathname, searchParams } = new URL(url)
    const path = pathname.replace(/^\/ingest\/v1\//, '')
    if (!init?.method) {
      if (path !== 'config') throw new TypeError(`unexpected GET ${url}`)
      return {
        ok: server.configStatus < 300,
        status: server.configStatus,
        json: async () => structuredClone(server.config),
      }
    }
    const request: Request = {
      path,
      key: searchParams.get('key'),
      body: JSON.parse(String(init.body)),
      keepalive: init.keepalive === true,
      contentType: init.headers ? (new Headers(init.headers).get('content-type') ?? undefined) : undefined,
    }
    server.attempts.push(request)
    const answer = server.answer(request)
    if (answer === 'offline') throw new TypeError('Failed to fetch')
    const { status, body } = typeof answer === 'number' ? { status: answer, body: {} } : answer
    if (status < 300) server.accepted.push(request)
    return { ok: status < 300, status, text: async () => JSON.stringify(body) }
  })
  vi.stubGlobal('fetch', fetch)
  return Object.assign(server, { fetch })
}

/** Lets promises, dynamic imports and zero-delay work run (timers stay fake). */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await vi.dynamicImportSettled()
    await vi.advanceTimersByTimeAsync(0)
  }
}

const pushState = history.pushState
const replaceState = history.replaceState
const addEventListener = window.addEventListener
let listeners: [string, EventListenerOrEventListenerObject][] = []

/**
 * Starts a page load: the widget's modules are loaded afresh on their next import (what a reload gives),
 * sharing localStorage with the pages before. Window listeners are recorded so that leavePage() can take
 * the old page's away.
 */
export function newPage(): void {
  leavePage()
  vi.resetModules()
  vi.spyOn(window, 'addEventListener').mockImplementation((type, listener, options) => {
    listeners.push([type, listener])
    addEventListener.call(window, type, listener, options)
  })
}

/** A page load with the widget as apps import it from npm. */
export async function loadPage(): Promise<typeof import('./index')> {
  newPage()
  return import('./index')
}

/** Ends the page: its listeners, history wrappers and timers go, as when the tab closes. */
export function leavePage(): void {
  for (const [type, listener] of listeners) window.removeEventListener(type, listener)
  listeners = []
  history.pushState = pushState
  history.replaceState = replaceState
  if (vi.isFakeTimers()) {
    // Clearing the timers also rewinds the fake clock; the next page comes later, not earlier.
    const now = Date.now()
    vi.clearAllTimers()
    vi.setSystemTime(now)
  }
}
