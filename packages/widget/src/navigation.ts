/**
 * Calls `listener` after every client-side route change of a single-page app: history.pushState and
 * replaceState (wrapped, for the life of the page) and back/forward (popstate). The listener runs inside
 * the app's own pushState call, so it must not throw; it also decides whether the URL really changed,
 * since apps call replaceState to store state only. Called once per widget, which is once per page.
 */
export const onNavigation = (listener: () => void): void => {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args)
      listener()
    }
  }
  addEventListener('popstate', listener)
}
