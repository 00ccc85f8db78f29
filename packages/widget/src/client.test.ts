import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { aConfig, aSurvey, fakeServer, leavePage, loadPage, settle } from './test-support'
import type { MountOptions } from './ui/mount'

const ui = vi.hoisted(() => ({
  /** How many times the UI's module was loaded. */
  loads: 0,
  mounts: [] as MountOptions[],
  close: vi.fn(),
  fail: false,
  /** The survey mounts but is never seen (a content blocker hides it): the UI does not call onShown. */
  unseen: false,
}))
vi.mock('./ui/mount', () => {
  ui.loads++
  return {
    mountSurvey(options: MountOptions) {
      if (ui.fail) throw new Error('the UI broke')
      ui.mounts.push(options)
      if (!ui.unseen) options.onShown()
      return { close: ui.close }
    },
  }
})

const HOST = 'https://heed.example.com'
const DAY = 86_400_000

/** A page load with the widget started as a customer's app starts it. */
async function start(options: Record<string, unknown> = {}) {
  const heed = await loadPage()
  heed.init({ key: 'pk_test', host: HOST, ...options })
  await settle()
  return heed
}

/** The survey on screen, as the fake UI got it. */
const onScreen = () => ui.mounts.at(-1)!

/** The browser's privacy signals: Do-Not-Track ('1' when on) and Global Privacy Control. */
const privacy = (signals: { doNotTrack?: string; globalPrivacyControl?: boolean }) =>
  vi.stubGlobal(
    'navigator',
    Object.create(
      navigator,
      Object.fromEntries(Object.entries(signals).map(([name, value]) => [name, { value }])),
    ),
  )

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(Date.UTC(2026, 5, 1, 12))
  history.replaceState(null, '', '/')
  document.title = 'Home'
  ui.loads = 0
  ui.mounts = []
  ui.fail = false
  ui.unseen = false
  ui.close.mockClear()
})
afterEach(() => {
  leavePage()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  localStorage.clear()
})

describe('init', () => {
  it('fetches the config with the public key and records the page view', async () => {
    const server = fakeServer()
    await start()
    expect(server.fetch).toHaveBeenCalledWith(`${HOST}/ingest/v1/config?key=pk_test`)
    await vi.advanceTimersByTimeAsync(5_000)
    const [view] = server.delivered('events')
    expect(view).toEqual({
      id: expect.stringMatching(/^[\w-]{8,64}$/),
      type: 'page',
      name: 'Home',
      properties: { path: '/' },
      anonymousId: expect.stringMatching(/^[\w-]{8,64}$/),
      url: 'http://localhost:3000/',
      timestamp: '2026-06-01T12:00:00.000Z',
    })
    expect(server.accepted[0]!.key).toBe('pk_test')
  })

  it('accepts a host with a trailing slash', async () => {
    const server = fakeServer()
    await start({ host: `${HOST}/` })
    expect(server.fetch).toHaveBeenCalledWith(`${HOST}/ingest/v1/config?key=pk_test`)
  })

  it('keeps the anonymous id across page loads', async () => {
    const server = fakeServer()
    await start()
    leavePage()
    await start()
    await vi.advanceTimersByTimeAsync(5_000)
    const [first, second] = server.delivered('events')
    expect(first.id).not.toBe(second.id)
    expect(first.anonymousId).toBe(second.anonymousId)
  })

  it('ignores a second init', async () => {
    const server = fakeServer()
    const heed = await start()
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    heed.init({ key: 'pk_other', host: 'https://other.example.com' })
    await settle()
    expect(server.fetch.mock.calls.filter(([url]) => url.includes('/config'))).toHaveLength(1)
  })

  it('records no page views by itself with autoPageviews: false, but page() does', async () => {
    const server = fakeServer()
    const heed = await start({ autoPageviews: false })
    history.pushState(null, '', '/elsewhere')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(server.delivered('events')).toEqual([])
    heed.page('Pricing', { plan: 'pro' })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(server.delivered('events')).toMatchObject([
      { type: 'page', name: 'Pricing', properties: { path: '/elsewhere', plan: 'pro' } },
    ])
  })
})

describe('page views of a single-page app', () => {
  it('records one on pushState to a new URL and on back/forward, none for replaceState of the same URL', async () => {
    const server = fakeServer()
    await start()
    document.title = 'Projects'
    history.pushState({}, '', '/projects')
    history.replaceState({ scroll: 10 }, '', '/projects')
    history.replaceState({ tab: 2 }, '', '/projects?tab=2')
    history.back()
    await vi.advanceTimersByTimeAsync(100)
    window.dispatchEvent(new PopStateEvent('popstate'))
    await vi.advanceTimersByTimeAsync(5_000)
    const urls = server.delivered('events').map((event) => event.url)
    expect(urls.slice(0, 3)).toEqual([
      'http://localhost:3000/',
      'http://localhost:3000/projects',
      'http://localhost:3000/projects?tab=2',
    ])
    expect(server.delivered('events')[1]).toMatchObject({
      name: 'Projects',
      properties: { path: '/projects' },
    })
    expect(urls.length).toBeLessThanOrEqual(4)
  })

  it('still navigates when the widget fails', async () => {
    fakeServer()
    await start()
    vi.spyOn(JSON, 'stringify').mockImplementation(() => {
      throw new Error('broken')
    })
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    expect(() => history.pushState({}, '', '/broken')).not.toThrow()
    expect(location.pathname).toBe('/broken')
  })
})

describe('track and identify', () => {
  it('sends events with their properties, copied at the time of the call', async () => {
    const server = fakeServer()
    const heed = await start()
    const properties = { rows: 5000, format: 'csv' }
    heed.track('export_done', properties)
    properties.rows = 1
    await vi.advanceTimersByTimeAsync(5_000)
    expect(server.delivered('events')[1]).toMatchObject({
      type: 'track',
      name: 'export_done',
      properties: { rows: 5000, format: 'csv' },
    })
  })

  it('identifies the person and their account, and names them on later events', async () => {
    const server = fakeServer()
    const heed = await start()
    heed.identify(42 as unknown as string, { role: 'admin' }, { id: 'acme', traits: { seats: 12 } })
    heed.track('clicked')
    await vi.advanceTimersByTimeAsync(5_000)
    const [identify] = server.delivered('identify')
    const anonymousId = server.delivered('events')[0].anonymousId
    expect(identify).toEqual({
      anonymousId,
      userId: '42',
      traits: { role: 'admin' },
      account: { id: 'acme', traits: { seats: 12 } },
      // Fields an ingest payload does not define are ignored by the server.
      accountId: 'acme',
      url: 'http://localhost:3000/',
      timestamp: '2026-06-01T12:00:00.000Z',
    })
    expect(server.delivered('events')[1]).toMatchObject({ anonymousId, userId: '42', accountId: 'acme' })
  })

  it('sends the same identify call only once, across page loads', async () => {
    const server = fakeServer()
    let heed = await start()
    heed.identify('u1', { role: 'admin' })
    leavePage()
    heed = await start()
    heed.identify('u1', { role: 'admin' })
    heed.identify('u1', { role: 'owner' })
    await settle()
    expect(server.delivered('identify').map((call) => call.traits)).toEqual([
      { role: 'admin' },
      { role: 'owner' },
    ])
  })

  it('refuses an identify without a user id', async () => {
    const server = fakeServer()
    const heed = await start()
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    heed.identify(undefined as unknown as string)
    heed.identify('')
    await settle()
    expect(server.delivered('identify')).toEqual([])
  })

  it('forgets the person on reset(): a new anonymous id and no user id', async () => {
    const server = fakeServer()
    const heed = await start()
    heed.identify('u1', { role: 'admin' }, { id: 'acme' })
    heed.track('before')
    heed.reset()
    heed.track('after')
    await vi.advanceTimersByTimeAsync(5_000)
    const [, before, after] = server.delivered('events')
    expect(before).toMatchObject({ userId: 'u1', accountId: 'acme' })
    expect(after.userId).toBeUndefined()
    expect(after.accountId).toBeUndefined()
    expect(after.anonymousId).not.toBe(before.anonymousId)
  })
})

describe('privacy', () => {
  it('sends nothing after optOut(), on this page or the next, until optIn()', async () => {
    const server = fakeServer()
    let heed = await start()
    const before = server.attempts.length
    heed.track('queued before')
    heed.optOut()
    heed.track('after')
    heed.identify('u1')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.attempts).toHaveLength(before)
    leavePage()
    heed = await start()
    heed.track('next page')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.attempts).toHaveLength(before)
    heed.optIn()
    heed.track('back')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(server.delivered('events').map((event) => event.name)).toEqual(['Home', 'back'])
  })

  it('sends nothing and shows nothing to Do-Not-Track browsers when the project honours it', async () => {
    privacy({ doNotTrack: '1' })
    const server = fakeServer(aConfig([aSurvey()], { honorDoNotTrack: true }))
    const heed = await start()
    heed.track('clicked')
    heed.show('srv_nps')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.attempts).toEqual([])
    expect(ui.loads).toBe(0)
    expect(localStorage.getItem('heed:q')).toBe('[]')
  })

  it('waits for the config before sending anything from a Do-Not-Track browser', async () => {
    privacy({ doNotTrack: '1' })
    const server = fakeServer()
    let answer!: () => void
    server.fetch.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = () => resolve({ ok: true, status: 200, json: async () => aConfig() } as never)
        }),
    )
    const heed = await start()
    heed.track('clicked')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.attempts).toEqual([])
    answer()
    await settle()
    expect(server.delivered('events').map((event) => event.name)).toEqual(['Home', 'clicked'])
  })

  it('honours Global Privacy Control with respectDoNotTrack, whatever the project says', async () => {
    privacy({ globalPrivacyControl: true })
    const server = fakeServer(aConfig([aSurvey()]))
    const heed = await start({ respectDoNotTrack: true })
    heed.track('clicked')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.attempts).toEqual([])
    expect(ui.mounts).toEqual([])
  })

  it('sends at once, before the config arrives, when the browser has no privacy signal', async () => {
    const server = fakeServer()
    server.fetch.mockImplementationOnce(() => new Promise(() => {}))
    const heed = await start()
    heed.identify('u1')
    await settle()
    expect(server.delivered('identify')).toHaveLength(1)
  })
})

describe('surveys', () => {
  it('shows a survey its page view triggers and reports the display, score, comment and dismissal', async () => {
    const survey = aSurvey()
    const server = fakeServer(aConfig([survey]))
    await start({ locale: 'de-AT' })
    expect(onScreen()).toMatchObject({ survey, locales: ['de-AT'] })
    const [shown] = server.delivered('displays')
    expect(shown).toMatchObject({ surveyId: survey.id, event: 'shown', url: 'http://localhost:3000/' })

    onScreen().onScore(4)
    onScreen().onComment('Too slow')
    await settle()
    const [scored, commented] = server.delivered('responses')
    // The language the question was shown in: 'de' for a person who prefers de-AT.
    expect(scored).toMatchObject({ surveyId: survey.id, displayId: shown.id, score: 4, locale: 'de' })
    expect(scored.anonymousId).toBe(shown.anonymousId)
    // One response: the comment updates the one the score created.
    expect(commented).toMatchObject({ id: scored.id, surveyId: survey.id, comment: 'Too slow' })
    expect(commented.score).toBeUndefined()
  })

  it('records a dismissal on the display it belongs to', async () => {
    const server = fakeServer(aConfig([aSurvey()]))
    await start()
    onScreen().onDismiss()
    onScreen().onClose()
    await settle()
    const [shown, dismissed] = server.delivered('displays')
    expect(dismissed).toMatchObject({ id: shown.id, event: 'dismissed' })
  })

  it('offers the browser languages when the app names none', async () => {
    fakeServer(aConfig([aSurvey()]))
    await start()
    expect(onScreen().locales).toEqual(navigator.languages)
  })

  it('shows nothing, and loads no UI, for a project without live surveys', async () => {
    fakeServer()
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const heed = await start()
    heed.show('srv_nps')
    history.pushState({}, '', '/next')
    heed.track('clicked')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(ui.loads).toBe(0)
    expect(debug).toHaveBeenCalledWith('heed: no live survey', 'srv_nps')
  })

  it('waits delaySeconds, and cancels the wait when the page changes', async () => {
    fakeServer(aConfig([aSurvey('srv_nps', { delaySeconds: 30 })]))
    await start()
    await vi.advanceTimersByTimeAsync(29_000)
    expect(ui.mounts).toEqual([])
    history.pushState({}, '', '/next')
    await vi.advanceTimersByTimeAsync(29_000)
    expect(ui.mounts).toEqual([])
    await vi.advanceTimersByTimeAsync(1_000)
    await settle()
    expect(ui.mounts).toHaveLength(1)
  })

  it('shows a survey on the tracked event whose properties meet its conditions', async () => {
    const survey = aSurvey('srv_ces', {
      triggers: [{ type: 'event', name: 'export_done', where: [{ property: 'rows', op: 'gt', value: 100 }] }],
    })
    fakeServer(aConfig([survey]))
    const heed = await start()
    heed.track('export_done', { rows: 10 })
    await settle()
    expect(ui.mounts).toEqual([])
    heed.track('export_done', { rows: 1000 })
    await settle()
    expect(onScreen().survey.id).toBe('srv_ces')
  })

  it('hears events tracked before the config arrived', async () => {
    const survey = aSurvey('srv_ces', { triggers: [{ type: 'event', name: 'signed_up' }] })
    fakeServer(aConfig([survey]))
    const heed = await loadPage()
    heed.init({ key: 'pk_test', host: HOST })
    heed.track('signed_up')
    await settle()
    expect(onScreen().survey.id).toBe('srv_ces')
  })

  it('shows a survey only to its audience, with the traits identify gave', async () => {
    const survey = aSurvey('srv_ces', {
      triggers: [{ type: 'event', name: 'opened' }],
      audience: [
        { source: 'person', trait: 'role', op: 'eq', value: 'admin' },
        { source: 'account', trait: 'plan', op: 'in', value: ['pro', 'team'] },
      ],
    })
    fakeServer(aConfig([survey]))
    const heed = await start()
    heed.track('opened')
    heed.identify('u1', { role: 'admin' }, { id: 'acme', traits: { plan: 'free' } })
    heed.track('opened')
    await settle()
    expect(ui.mounts).toEqual([])
    heed.identify('u1', { locale: 'de' }, { id: 'acme', traits: { plan: 'pro' } })
    heed.track('opened')
    await settle()
    expect(ui.mounts).toHaveLength(1)
  })

  it('shows at most one survey per page view', async () => {
    fakeServer(aConfig([aSurvey('srv_a'), aSurvey('srv_b')]))
    await start()
    expect(ui.mounts.map((mount) => mount.survey.id)).toEqual(['srv_a'])
    onScreen().onDismiss()
    onScreen().onClose()
    window.dispatchEvent(new PopStateEvent('popstate'))
    await settle()
    expect(ui.mounts).toHaveLength(1)
    history.pushState({}, '', '/next')
    await settle()
    expect(ui.mounts.map((mount) => mount.survey.id)).toEqual(['srv_a', 'srv_b'])
  })

  it('remembers displays across page loads: displayLimit and the recontact window', async () => {
    const config = aConfig([aSurvey('srv_a', { displayLimit: 2 }), aSurvey('srv_b')], { recontactDays: 7 })
    fakeServer(config)
    await start()
    expect(ui.mounts.map((mount) => mount.survey.id)).toEqual(['srv_a'])
    for (const days of [1, 5]) {
      leavePage()
      vi.setSystemTime(Date.now() + days * DAY)
      await start()
      expect(ui.mounts).toHaveLength(1)
    }
    leavePage()
    vi.setSystemTime(Date.now() + DAY)
    await start()
    expect(ui.mounts.map((mount) => mount.survey.id)).toEqual(['srv_a', 'srv_a'])
    for (let load = 0; load < 2; load++) {
      leavePage()
      vi.setSystemTime(Date.now() + 8 * DAY)
      await start()
    }
    expect(ui.mounts.map((mount) => mount.survey.id)).toEqual(['srv_a', 'srv_a', 'srv_b'])
  })

  it('never asks again once answered, unless recurEveryDays have passed', async () => {
    fakeServer(aConfig([aSurvey('srv_once', { displayLimit: 10 })]))
    await start()
    onScreen().onScore(10)
    leavePage()
    vi.setSystemTime(Date.now() + 400 * DAY)
    await start()
    expect(ui.mounts).toHaveLength(1)
    leavePage()
    localStorage.clear()
    fakeServer(aConfig([aSurvey('srv_quarterly', { recurEveryDays: 90 })]))
    await start()
    onScreen().onScore(10)
    leavePage()
    vi.setSystemTime(Date.now() + 89 * DAY)
    await start()
    expect(ui.mounts).toHaveLength(2)
    leavePage()
    vi.setSystemTime(Date.now() + DAY)
    await start()
    expect(ui.mounts).toHaveLength(3)
  })

  it('keeps fatigue and opt-out through reset(): they belong to the browser', async () => {
    fakeServer(aConfig([aSurvey()]))
    const heed = await start()
    heed.reset()
    leavePage()
    await start()
    expect(ui.mounts).toHaveLength(1)
  })

  it('show() shows a survey whatever its targeting and fatigue, once the config is there', async () => {
    const survey = aSurvey('srv_manual', { triggers: [{ type: 'event', name: 'never' }], samplePercent: 0 })
    const server = fakeServer(aConfig([survey]))
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const heed = await loadPage()
    heed.init({ key: 'pk_test', host: HOST })
    heed.show('srv_manual')
    await settle()
    expect(onScreen().survey.id).toBe('srv_manual')
    onScreen().onDismiss()
    onScreen().onClose()
    heed.show('srv_manual')
    heed.show('srv_unknown')
    await settle()
    expect(ui.mounts).toHaveLength(2)
    expect(server.delivered('displays').filter((display) => display.event === 'shown')).toHaveLength(2)
    expect(debug).toHaveBeenCalledWith('heed: no live survey', 'srv_unknown')
  })

  it('show() does not stack a second survey on one on screen, nor show one to a person who opted out', async () => {
    fakeServer(aConfig([aSurvey('srv_a'), aSurvey('srv_b', { triggers: [{ type: 'event', name: 'x' }] })]))
    const heed = await start()
    heed.show('srv_b')
    await settle()
    expect(ui.mounts).toHaveLength(1)
    heed.optOut()
    expect(ui.close).toHaveBeenCalledTimes(1)
    heed.show('srv_b')
    await settle()
    expect(ui.mounts).toHaveLength(1)
  })

  it('takes the survey away on reset()', async () => {
    fakeServer(aConfig([aSurvey()]))
    const heed = await start()
    heed.reset()
    expect(ui.close).toHaveBeenCalledTimes(1)
  })

  it('counts a display, for the response rate and for fatigue, only once the survey is seen', async () => {
    ui.unseen = true
    const server = fakeServer(aConfig([aSurvey('srv_a', { displayLimit: 1 })]))
    await start()
    expect(ui.mounts).toHaveLength(1)
    expect(server.delivered('displays')).toEqual([])
    // Never seen, so not a display: the next page may show it again.
    leavePage()
    await start()
    expect(ui.mounts).toHaveLength(2)
    onScreen().onShown()
    await settle()
    expect(server.delivered('displays')).toMatchObject([{ surveyId: 'srv_a', event: 'shown' }])
    leavePage()
    await start()
    expect(ui.mounts).toHaveLength(2)
  })

  it('counts no display when the UI cannot show', async () => {
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    ui.fail = true
    const server = fakeServer(aConfig([aSurvey()]))
    await start()
    expect(server.delivered('displays')).toEqual([])
    ui.fail = false
    history.pushState({}, '', '/next')
    await settle()
    expect(ui.mounts).toHaveLength(1)
  })
})

describe('never throwing into the page', () => {
  it('survives init with garbage, and a later good init still works', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const server = fakeServer()
    const heed = await loadPage()
    for (const garbage of [undefined, null, 42, 'pk_x', {}, { key: 'pk_test' }, { host: 7, key: 'pk' }])
      expect(() => heed.init(garbage as never)).not.toThrow()
    expect(debug).toHaveBeenCalled()
    heed.init({ key: 'pk_test', host: HOST })
    await settle()
    expect(server.fetch).toHaveBeenCalledWith(`${HOST}/ingest/v1/config?key=pk_test`)
  })

  it('survives calls before init and calls with garbage', async () => {
    vi.spyOn(console, 'debug').mockImplementation(() => {})
    fakeServer()
    const heed = await loadPage()
    expect(() => heed.track('early')).not.toThrow()
    expect(() => heed.page()).not.toThrow()
    expect(() => heed.identify('u1')).not.toThrow()
    heed.init({ key: 'pk_test', host: HOST })
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => heed.track('cycle', cycle)).not.toThrow()
    expect(() => heed.track(undefined as never)).not.toThrow()
    expect(() => heed.track('big', { n: 10n } as never)).not.toThrow()
    expect(() => heed.identify('u1', cycle as never)).not.toThrow()
    expect(() => heed.show(undefined as never)).not.toThrow()
  })

  it('survives a server that is down or answers nonsense', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const server = fakeServer()
    server.fetch.mockRejectedValue(new TypeError('Failed to fetch'))
    const heed = await start()
    heed.track('clicked')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(debug).toHaveBeenCalled()
    leavePage()
    server.fetch.mockResolvedValue({
      ok: false,
      status: 500,
      json: async () => ({}),
      text: async () => '',
    } as never)
    await start()
    leavePage()
    server.fetch.mockResolvedValue({ ok: true, status: 200, json: async () => ({ surveys: 'no' }) } as never)
    const again = await start()
    expect(() => again.track('clicked')).not.toThrow()
  })
})
