import type { ErrorDescription } from './writer-protocol'

/** Messages between the main thread and one of SQLite's reader threads: one query at a time each. */
export interface ReadRequest {
  sql: string
  parameters: readonly unknown[]
}

export type ReadResult =
  | { ok: true; rows: Record<string, unknown>[] }
  | { ok: false; error: ErrorDescription }
