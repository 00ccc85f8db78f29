import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import type { MessagePort } from 'node:worker_threads'
import SQLite from 'better-sqlite3'
import type { ReadRequest, ReadResult } from './reader-protocol'
import { StatementCache } from './sqlite-dialect'
import type { SqliteThreadData } from './sqlite-thread'
import { describeError } from './writer-protocol'

/**
 * The body of one of SQLite's reader threads: a read-only connection of its own that runs the analytics
 * queries the main thread compiles, one at a time. In WAL mode a reader sees the last commit when its
 * statement starts and never blocks the writer, nor the writer it; the main thread meanwhile serves HTTP.
 */
export function serveReads(port: MessagePort, { file }: SqliteThreadData): void {
  lowerPriority()
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true })
  // Only when another process holds a lock that a reader needs (a checkpoint starting the WAL over).
  sqlite.pragma('busy_timeout = 5000')
  // Sorting and grouping a million answers spill to a temporary file past the page cache, rather than grow
  // the server's memory as they would with temp_store = MEMORY (the other connections' setting).
  sqlite.pragma('temp_store = FILE')
  const statements = new StatementCache(sqlite)
  port.on('message', ({ sql, parameters }: ReadRequest) => {
    let result: ReadResult
    try {
      const statement = statements.get(sql)
      if (!statement.reader) throw new Error('a reader thread runs only statements that return rows')
      result = { ok: true, rows: statement.all(...parameters) as Record<string, unknown>[] }
    } catch (error) {
      result = { ok: false, error: describeError(error) }
    }
    port.postMessage(result)
  })
  port.postMessage('ready')
}

/**
 * The niceness of reader threads: when the cores are all busy, the kernel gives the thread serving HTTP and
 * the writer about ten times a reader's share, so a chart waits rather than an answer being stored. With a
 * core to spare a reader runs at full speed.
 */
const READER_NICENESS = 10

/**
 * Lowers this thread's scheduling priority (Linux, where a thread has its own niceness; its id is the
 * target of /proc/thread-self). Elsewhere, or if refused, the reader keeps the process's priority.
 */
function lowerPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isSafeInteger(threadId) && threadId > 0) setPriority(threadId, READER_NICENESS)
  } catch {
    // Not Linux: the reader shares the cores equally.
  }
}
