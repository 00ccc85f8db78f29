import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it collects
 * again, in percent. V8 chooses up to 300% or more when collections are cheap. Under a few thousand
 * requests a second, request objects that outlive two young-generation collections move to the old
 * generation at about 10 MB/s, so the heap climbed to ~100 MB between full collections and the server to
 * ~245 MiB. At 50% it stays at ~195 MiB, with no loss of throughput measured (bench/README.md).
 */
const HEAP_GROWING_PERCENT = 50

/**
 * The size of the main thread's young generation (its two semi-spaces) past which V8 is told to stop
 * growing it. V8 doubles it under a steady allocation rate up to 32 MiB on a 64-bit machine, most of it
 * garbage between two collections: under ingest the main heap took 66 MiB with 28 MiB of it in use
 * (measured with v8.getHeapStatistics()). A request's objects die within milliseconds, so a smaller young
 * generation collects them as well, a little more often. The worker threads get theirs from their
 * resourceLimits (db/sqlite-thread.ts).
 */
export const MAIN_YOUNG_GENERATION_BYTES = 8 * 1024 * 1024
/** V8's own growth factor of the young generation, restored when it has shrunk below the cap. */
const DEFAULT_GROWTH_FACTOR = 2
const WATCH_EVERY_MS = 250

/**
 * Tunes V8's heap for a long-running server. The options are read when V8 needs them (at every full
 * collection, and whenever the young generation would grow), so setting them now, after start-up, takes
 * effect; the old-generation one applies to the worker threads' heaps too.
 */
export function tuneHeapForServing(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  capYoungGeneration(MAIN_YOUNG_GENERATION_BYTES)
}

/**
 * Keeps this thread's young generation near `bytes`. Its maximum is fixed when the process starts
 * (`--max-semi-space-size`, which `node bin/heed.js` cannot be given by the program itself), but the factor
 * by which V8 grows it is read each time it grows: the factor is 1 (no growth) while the young generation is
 * at `bytes` or more, and V8's own below it, so that it can grow back after V8 has shrunk it when idle.
 * Checked every WATCH_EVERY_MS; a burst can still double it once between two checks. The timer does not
 * keep the process alive.
 */
export function capYoungGeneration(bytes: number, everyMs = WATCH_EVERY_MS): NodeJS.Timeout {
  let growing = true
  const check = () => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
    const grow = (young?.space_size ?? 0) < bytes
    if (grow === growing) return
    growing = grow
    setFlagsFromString(`--semi-space-growth-factor=${grow ? DEFAULT_GROWTH_FACTOR : 1}`)
  }
  check()
  return setInterval(check, everyMs).unref()
}
