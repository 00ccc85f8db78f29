/**
 * Tells this process's job worker that a job was just started, so it begins at once rather than at its next
 * poll. Raised after the starting transaction commits; the poll still finds jobs started by another server
 * instance, or left running by a server that stopped.
 */
type Listener = () => void

const listeners = new Set<Listener>()

export function onJobStarted(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function signalJobStarted(): void {
  for (const listener of listeners) listener()
}
