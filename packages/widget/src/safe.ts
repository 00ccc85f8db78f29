/** Where the widget's errors go: never into the host page, at most to its console's debug level. */
export const report = (error: unknown) => console.debug('heed:', error)

/** Wraps a function so that nothing it throws reaches its caller: the host page, its router, a timer. */
export const safe =
  <A extends unknown[]>(action: (...args: A) => unknown) =>
  (...args: A): void => {
    try {
      action(...args)
    } catch (error) {
      report(error)
    }
  }
