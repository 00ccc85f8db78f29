import { identify, init, optIn, optOut, page, reset, show, track, useUi } from './client'
import { safe } from './safe'

const api = { init, identify, track, page, show, reset, optOut, optIn }
type Method = keyof typeof api

/** The page's `heed`: the stub, with the calls made before the widget arrived in `q`, or the widget itself. */
type Global = ((method: Method, ...args: unknown[]) => void) &
  Partial<typeof api> & { q?: Iterable<unknown>[] }

declare global {
  interface Window {
    heed?: Global
  }
}

// Loaded by the <script> tag of snippet.ts, the widget takes `window.heed` over from the stub and replays
// what the page asked before it arrived. A second copy of the script leaves the first in charge.
const stub = window.heed
if (!stub?.init) {
  // Only set while this script runs for the first time.
  const script = document.currentScript as HTMLScriptElement | null
  // The survey UI sits next to this file: same version, same caching, and no setting to get wrong.
  useUi(() => import(new URL('heed-ui.js', script!.src).href))
  // An unknown method name is one more error the page never sees.
  const heed: Global = Object.assign(
    safe((method: Method, ...args: unknown[]) => (api[method] as (...args: unknown[]) => void)(...args)),
    api,
  )
  window.heed = heed
  for (const call of stub?.q ?? []) heed(...(call as [Method]))
}
