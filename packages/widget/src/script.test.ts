import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { STUB } from './snippet'
import { fakeServer, leavePage, newPage, settle } from './test-support'

const HOST = 'https://heed.example.com'

/** The page as the snippet leaves it: the stub defined and calls queued, the widget not yet there. */
function runStub() {
  vi.spyOn(document.head, 'appendChild').mockImplementation((node) => node)
  new Function(STUB.replace('HEED_HOST', JSON.stringify(HOST)))()
}

/** The widget's script arriving: document.currentScript is its <script> while it runs. */
async function loadScript() {
  newPage()
  const script = document.createElement('script')
  script.src = 'https://cdn.example.com/heed/heed.js'
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script)
  await import('./script')
  await settle()
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  leavePage()
  delete window.heed
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  localStorage.clear()
})

describe('the script-tag widget', () => {
  it('replays the calls the stub queued, in order, and takes window.heed over', async () => {
    const server = fakeServer()
    runStub()
    window.heed!('init', { key: 'pk_test', host: HOST, autoPageviews: false })
    window.heed!('identify', 'u1', { role: 'admin' })
    window.heed!('track', 'signed_up', { plan: 'pro' })
    await loadScript()
    expect(server.fetch).toHaveBeenCalledWith(`${HOST}/ingest/v1/config?key=pk_test`)
    expect(server.delivered('identify')).toMatchObject([{ userId: 'u1', traits: { role: 'admin' } }])
    window.heed!('track', 'after')
    window.heed!.track!('as a method')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(server.delivered('events').map((event) => [event.name, event.userId])).toEqual([
      ['signed_up', 'u1'],
      ['after', 'u1'],
      ['as a method', 'u1'],
    ])
    expect(window.heed!.q).toBeUndefined()
  })

  it('works without a stub, and ignores unknown methods', async () => {
    const server = fakeServer()
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    await loadScript()
    for (const method of ['nonsense', '__proto__', 'constructor'])
      expect(() => window.heed!(method as never, 1)).not.toThrow()
    expect(debug).toHaveBeenCalled()
    window.heed!('init', { key: 'pk_test', host: HOST })
    await settle()
    expect(server.fetch).toHaveBeenCalledTimes(2)
  })

  it('leaves the first copy in charge when the script is on the page twice', async () => {
    const server = fakeServer()
    runStub()
    window.heed!('init', { key: 'pk_test', host: HOST })
    await loadScript()
    const first = window.heed
    await loadScript()
    expect(window.heed).toBe(first)
    expect(server.fetch.mock.calls.filter(([url]) => url.includes('/config'))).toHaveLength(1)
  })
})
