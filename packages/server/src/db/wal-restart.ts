import type SQLite from 'better-sqlite3'
import { BUSY_TIMEOUT_MS } from './sqlite-file'

/**
 * Copies the rest of the WAL into the database and starts the WAL over, unless a reader still reads from
 * it: then it copies what it can and returns false at once, and the checkpointer asks again a second later.
 * A RESTART waits for every reader using the WAL to finish, through the busy handler: with the connection's
 * 5-second busy timeout, a split trend read from a million answers on a reader thread held the writer, and
 * so every ingest request, for 5.4 s (measured in bench/reads.ts; 5,372 ms against 0 ms with no wait in
 * a two-connection test). The WAL then grows by what is written during that read, which the read budget
 * bounds.
 */
export function restartWal(sqlite: SQLite.Database): boolean {
  sqlite.pragma('busy_timeout = 0')
  try {
    const [result] = sqlite.pragma('wal_checkpoint(RESTART)') as Array<{ busy: number }>
    return result?.busy === 0
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
}
