import type SQLite from 'better-sqlite3'
import type { FifoLock } from './fifo-lock'
import type { StatementCache } from './statement-cache'
import { runWorkSync, type SqlStatement, type SqlWork } from './work'
import { OPEN_GATE, type WriteGate } from './write-gate'

interface Pending {
  work: () => SqlWork<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Bounds how long one commit can keep the writes it groups waiting. */
const MAX_GROUP = 256

/**
 * Writes that arrive together share one SQLite transaction. A commit writes every page it touched to the
 * WAL, and a response touches about ten (the table, its indexes, the rollup), so committing fifty
 * concurrent responses at once costs little more than committing one. A write that fails is rolled back
 * alone and rejected; the others commit. Every promise settles
 * only after the COMMIT, so nothing is acknowledged before it is durable. The gate is held around each group:
 * on the main thread it pauses the writer thread, which writes to the same file.
 */
export function groupCommit(
  sqlite: SQLite.Database,
  statements: StatementCache,
  lock: FifoLock,
  gate: WriteGate = OPEN_GATE,
) {
  const pending: Pending[] = []
  let scheduled = false
  const exec = (text: string) => statements.get(text).run()

  const commitGroup = () => {
    const group = pending.splice(0, MAX_GROUP)
    if (pending.length > 0) setImmediate(flush)
    else scheduled = false
    if (group.length === 0) return
    const outcomes: Outcome[] = []
    // IMMEDIATE takes the write lock now, waiting (busy timeout) while another connection holds it. A
    // deferred BEGIN would start reading, and its first write would fail at once if another connection had
    // committed, or started the WAL over, in between.
    exec('BEGIN IMMEDIATE')
    try {
      if (!runTogether(group, outcomes)) runApart(group, outcomes)
      exec('COMMIT')
    } catch (error) {
      if (sqlite.inTransaction) exec('ROLLBACK')
      for (const { reject } of group) reject(error)
      return
    }
    group.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) resolve(outcome.value)
      else reject(outcome.error)
    })
  }

  const run = (statement: SqlStatement) => statements.run(statement.text, statement.parameters)

  // A savepoint per write cost two statements per write; almost no write fails, so the group first runs
  // under a single savepoint. When a write fails, that run is undone and the group runs again one savepoint
  // per write (a write is a function of its arguments and the data, so its second run does the same).
  const runTogether = (group: Pending[], outcomes: Outcome[]): boolean => {
    exec('SAVEPOINT heed_group')
    try {
      for (const { work } of group) outcomes.push({ ok: true, value: runWorkSync(work(), run) })
    } catch {
      exec('ROLLBACK TO heed_group')
      exec('RELEASE heed_group')
      outcomes.length = 0
      return false
    }
    exec('RELEASE heed_group')
    return true
  }

  const runApart = (group: Pending[], outcomes: Outcome[]) => {
    for (const { work } of group) {
      exec('SAVEPOINT heed_write')
      try {
        outcomes.push({ ok: true, value: runWorkSync(work(), run) })
        exec('RELEASE heed_write')
      } catch (error) {
        exec('ROLLBACK TO heed_write')
        exec('RELEASE heed_write')
        outcomes.push({ ok: false, error })
      }
    }
  }

  // Waiting one turn of the event loop lets the requests that arrived together join the group.
  const flush = () => {
    lock.run(() => (gate === OPEN_GATE ? commitGroup() : commitGated())).catch(() => {})
  }

  const commitGated = async () => {
    try {
      await gate.pause()
    } catch (error) {
      for (const { reject } of pending.splice(0)) reject(error)
      scheduled = false
      return
    }
    try {
      commitGroup()
    } finally {
      gate.resume()
    }
  }

  return function transact<T>(work: () => SqlWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      pending.push({ work, resolve: resolve as (value: unknown) => void, reject })
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
  }
}
