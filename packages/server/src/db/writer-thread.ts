import type { MessagePort } from 'node:worker_threads'
import { FifoLock } from './fifo-lock'
import { groupCommit } from './group-commit'
import { connectSqlite } from './sqlite-file'
import type { SqliteThreadData } from './sqlite-thread'
import { StatementCache } from './statement-cache'
import { restartWal } from './wal-restart'
import type { WriteRegistry } from './write'
import { describeError, type FromWriter, type ToWriter, type WriteResult } from './writer-protocol'

/**
 * The writer connection's page cache, in KiB (better-sqlite3's default is 16 MB). What the writer touches
 * again and again is small: the last pages of each table and index, the rollup rows of the current hours and
 * days. Other pages come back from the operating system's file cache in microseconds. With 4 MB instead of
 * 16, the ingest benchmark's server peaked 14 MiB lower, with event batches and answers per second within
 * the run-to-run spread (bench/README.md, 7 December 2026).
 */
export const WRITER_CACHE_KIB = 4000

/**
 * The body of SQLite's writer thread: it owns the connection that runs named writes, committed in groups,
 * and answers each after its COMMIT. The main thread keeps HTTP, validation and reads; SQLite's write work
 * (statements, index updates, commits) runs on the second core.
 */
export function serveWrites(
  port: MessagePort,
  { file, peer }: SqliteThreadData,
  registry: WriteRegistry,
): void {
  const sqlite = connectSqlite(file)
  // The checkpointer thread copies the WAL into the database, so that commits here never wait for it.
  sqlite.pragma('wal_autocheckpoint = 0')
  sqlite.pragma(`cache_size = -${WRITER_CACHE_KIB}`)
  const statements = new StatementCache(sqlite)
  const lock = new FifoLock()
  const transact = groupCommit(sqlite, statements, lock)
  const post = (message: FromWriter) => port.postMessage(message)

  // Writes of one group settle in one turn; their answers travel together.
  let answers: WriteResult[] = []
  const answer = (result: WriteResult) => {
    if (answers.length === 0) {
      queueMicrotask(() => {
        const results = answers
        answers = []
        post({ type: 'results', results })
      })
    }
    answers.push(result)
  }

  // The checkpointer has copied most of the WAL; copying the rest here, between two groups, lets the next
  // commit start the WAL over.
  peer?.on('message', () => {
    void lock.run(() => {
      restartWal(sqlite)
      peer.postMessage('restarted')
    })
  })

  port.on('message', (message: ToWriter) => {
    switch (message.type) {
      case 'writes':
        for (const { id, name, args } of message.writes) {
          const write = registry.get(name)
          if (!write) {
            answer({
              id,
              ok: false,
              error: { name: 'Error', message: `no write named ${name} runs on the writer thread` },
            })
            continue
          }
          transact(() => write.work('sqlite', ...args)).then(
            (value) => answer({ id, ok: true, value }),
            (error: unknown) => answer({ id, ok: false, error: describeError(error) }),
          )
        }
        break
      case 'pause':
        void lock.acquire().then(() => post({ type: 'paused' }))
        break
      case 'resume':
        lock.release()
        break
      case 'close':
        void lock.acquire().then(() => {
          sqlite.close()
          peer?.close()
          post({ type: 'closed' })
          port.close()
        })
        break
    }
  })
}
