/**
 * Tells the dispatcher of this process that an event was just enqueued, so it is sent within moments
 * instead of at the next poll. The signal is raised inside the enqueuing transaction, before it commits:
 * listeners wait a little before they look, and the regular poll catches anything they miss (a slow
 * commit, or an event enqueued by another server instance).
 */
type Listener = () => void

const listeners = new Set<Listener>()

export function onOutboxEnqueued(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function signalOutboxEnqueued(): void {
  for (const listener of listeners) listener()
}
