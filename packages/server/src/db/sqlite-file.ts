import SQLite from 'better-sqlite3'

/**
 * How long a connection waits for a lock another connection holds. The main thread and the writer thread
 * take turns through a pause handshake, so waiting on a lock only happens when another process has the file
 * open.
 */
export const BUSY_TIMEOUT_MS = 5_000

/** A connection to an SQLite file with the settings every Heed connection uses, on any thread. */
export function connectSqlite(file: string): SQLite.Database {
  const sqlite = new SQLite(file)
  // WAL + NORMAL: a commit is in the WAL before the call returns, so killing the process loses nothing
  // acknowledged; only a power cut can lose the last commits, and it never corrupts the file.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  sqlite.pragma('temp_store = MEMORY')
  return sqlite
}
