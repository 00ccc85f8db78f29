import type { MessagePort } from 'node:worker_threads'
import { connectSqlite } from './sqlite-file'
import type { SqliteThreadData } from './sqlite-thread'

/**
 * How often the WAL is copied into the database file while the server writes. A page that many commits
 * change (the end of a table or an index, a rollup) is copied once per checkpoint, whatever the number of
 * commits, and each checkpoint syncs the file once. Every 1,000 ms rather than every 100 ms, the ingest
 * benchmark measured about a tenth more responses and events per second, in paired runs on this noisy
 * machine. The WAL then holds up to RESTART_AFTER_PAGES plus a second's commits.
 */
const EVERY_MS = 1_000
/**
 * Pages (4 KiB, so 128 MiB) the WAL may hold before the writer is asked to start it over. A passive
 * checkpoint never waits for the writer, but under a steady stream of commits it rarely copies the very last
 * frame before the next commit adds more, and only a WAL copied to its end is reused instead of growing.
 * Starting over holds the writer for the final copy and sync (10–40 ms under the ingest benchmark), so it
 * should be rare: at 4,096 pages it came several times a second and pushed the p99 latency from 13 to 26 ms.
 */
const RESTART_AFTER_PAGES = 32_768

/** When the checkpointer copies the WAL, and when it has the writer start it over; tests make both small. */
export interface CheckpointSettings {
  everyMs?: number
  restartAfterPages?: number
}

/**
 * The body of SQLite's checkpointer thread. A checkpoint copies the WAL's pages into the database file
 * and syncs it to disk: milliseconds during which a connection can do nothing else. The writer and main
 * connections have automatic checkpoints turned off, so that work happens here, on its own connection,
 * except for the last pages when the WAL is to start over: the writer copies those itself between two of
 * its commits (see writer-thread.ts), since this thread would have to wait for the writer's lock, and the
 * writer then for this thread's, by sleeping.
 */
export function serveCheckpoints(
  port: MessagePort,
  { file, peer, checkpoints = {} }: SqliteThreadData,
): void {
  const { everyMs = EVERY_MS, restartAfterPages = RESTART_AFTER_PAGES } = checkpoints
  const sqlite = connectSqlite(file)
  sqlite.pragma('wal_autocheckpoint = 0')
  let restartAsked = false
  peer?.on('message', () => {
    restartAsked = false
  })
  const checkpoint = () => {
    const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>
    if (peer && !restartAsked && result && result.log >= restartAfterPages) {
      restartAsked = true
      peer.postMessage('restart')
    }
  }
  const timer = setInterval(checkpoint, everyMs)
  port.on('message', (message: 'close') => {
    if (message !== 'close') return
    clearInterval(timer)
    sqlite.close()
    peer?.close()
    port.close()
  })
}
