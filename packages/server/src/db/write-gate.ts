/**
 * Held around every write on a connection that shares its file with the writer thread: `pause` resolves
 * once the writer thread has finished its current group and stopped, `resume` lets it go on. SQLite allows
 * one writer at a time; taking turns this way means no connection ever waits on SQLite's own lock.
 */
export interface WriteGate {
  pause(): Promise<void>
  resume(): void
}

/** For a connection that is the only writer. */
export const OPEN_GATE: WriteGate = {
  pause: () => Promise.resolve(),
  resume: () => {},
}
