import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import type { MessagePort } from 'node:worker_threads'
import SQLite from 'better-sqlite3'
import type { ReadRequest, ReadResult } from './reader-protocol'
import { BUSY_TIMEOUT_MS } from './sqlite-file'
import type { SqliteThreadData } from './sqlite-thread'
import { StatementCache } from './statement-cache'
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
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  // Sorting and grouping a million answers spill to a temporary file past the page cache, rather than grow
  // the server's memory as they would with temp_store = MEMORY (the other connections' setting).
  sqlite.pragma('temp_store = FILE')
  // better-sqlite3's default page cache is 16 MB a connection, and a sort keeps as much in memory before it
  // spills: a split by trait over 1M answers left the server 25 MiB larger than with this cache of 2 MB
  // (223 against 198 MiB, measured), while the reads of rollups touch a few hundred pages. Pages a reader
  // evicts stay in the system's file cache.
  sqlite.pragma(`cache_size = -${READER_CACHE_KIB}`)
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

/** The page cache of a reader's connection, in KiB (SQLite's negative cache_size). */
export const READER_CACHE_KIB = 2000

/**
 * The niceness of reader threads, the lowest priority there is. Linux shares a busy core by weight: a thread
 * at 19 weighs 15 against 1,024 at 0 (at 10, the earlier setting, 110), so while the thread serving HTTP,
 * the writer or the checkpointer can run, a reader gets about 1.5% of a core; when they wait (a request
 * waits for its commit) it runs at full speed. A read that does not get the CPU within its budget is answered
 * 503 and asked again later: a chart waits, an answer being stored does not.
 */
const READER_NICENESS = 19

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
