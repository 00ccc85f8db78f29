/** Messages between the main thread and SQLite's writer thread. */

export interface WriteRequest {
  id: number
  name: string
  args: unknown[]
}

export interface ErrorDescription {
  name: string
  message: string
  code?: string
  stack?: string
}

export type WriteResult =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ErrorDescription }

export type ToWriter =
  | { type: 'writes'; writes: WriteRequest[] }
  /** Stop between groups and answer 'paused': the main thread is about to write on its own connection. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** Sent once every write has been answered. */
  | { type: 'close' }

export type FromWriter = { type: 'results'; results: WriteResult[] } | { type: 'paused' } | { type: 'closed' }

export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as { code?: unknown }).code
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' && { code }),
    ...(error.stack !== undefined && { stack: error.stack }),
  }
}

export function rebuildError(description: ErrorDescription, thread: 'writer' | 'reader' = 'writer'): Error {
  const error = new Error(description.message) as Error & { code?: string }
  error.name = description.name
  if (description.code !== undefined) error.code = description.code
  if (description.stack !== undefined) error.stack = `${description.stack}\n    (on the ${thread} thread)`
  return error
}
