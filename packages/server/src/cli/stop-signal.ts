const EXIT_CODE_OF = { SIGINT: 130, SIGTERM: 143 } as const

/**
 * Resolves at the first SIGINT or SIGTERM, so the caller can shut down in order. A second signal while
 * that runs ends the process at once, for a person who does not want to wait for the grace period.
 */
export function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (received) process.exit(EXIT_CODE_OF[signal])
        received = true
        resolve(signal)
      })
    }
  })
}
