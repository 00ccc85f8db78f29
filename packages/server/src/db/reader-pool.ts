import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { ReadBudgetExceeded } from './read-budget'
import type { ReadResult } from './reader-protocol'
import { spawnSqliteThread } from './sqlite-thread'
import { rebuildError } from './writer-protocol'

export interface ReaderPool {
  /** Runs one statement that returns rows on a reader thread, within the pool's time budget. */
  query(sql: string, parameters: readonly unknown[]): Promise<Record<string, unknown>[]>
  /** Refuses new queries, fails the waiting ones and stops the threads. */
  close(): Promise<void>
}

export interface ReaderPoolOptions {
  /** Threads, each with its own connection. */
  size: number
  /** How long a query may run on its thread before it fails with ReadBudgetExceeded. */
  budgetMs: number
  /** How long a thread may wait without a query before it is ended (default READER_IDLE_MS). */
  idleMs?: number
}

/**
 * A reader thread with nothing to do for this long is ended, and the next query starts another (tens of
 * milliseconds from the bundle). An idle thread still holds its V8 heap and its connection's memory, about
 * 20 MiB measured, which a server that is only ingesting needs more: the background jobs' few reads at start
 * would otherwise keep a thread for good.
 */
export const READER_IDLE_MS = 10_000

/**
 * Reader threads for a machine: one per core beyond the main thread's and the writer's, at least one and at
 * most four. Each is a V8 heap and an SQLite connection whose sorts hold memory while a large breakdown runs
 * (measured: a split by trait over 1M answers took a reader's resident memory up by ~35 MiB), so a two-core
 * machine, whose cores the main thread and the writer already use, gets one.
 */
export function defaultReaderCount(cores = availableParallelism()): number {
  return Math.min(4, Math.max(1, cores - 2))
}

interface Pending {
  sql: string
  parameters: readonly unknown[]
  resolve: (rows: Record<string, unknown>[]) => void
  reject: (error: Error) => void
  timer?: NodeJS.Timeout
}

interface Slot {
  worker?: Worker
  /** Ends the thread once it has waited READER_IDLE_MS for a query. */
  idle?: NodeJS.Timeout
  /** The thread has opened its connection: from then on, the query it runs is timed. */
  ready?: boolean
  running?: Pending
}

/**
 * SQLite's reader threads. Threads start on the first query that needs one and end after READER_IDLE_MS
 * without one. A query may wait in line for the budget, then run for the budget once a thread that has
 * opened its connection takes it (a thread's start, fast from the bundle and slow from the sources, is not
 * counted). A query past its budget is answered with ReadBudgetExceeded at once and its thread is ended,
 * since better-sqlite3 cannot interrupt a statement: the slot gets a new thread for the next query. An ended thread stops only when its
 * statement returns (measured: a 20-second statement kept its thread for its 20 seconds), using a core
 * meanwhile though no request waits for it; so at most `size` such threads are left to finish, and past
 * that the line waits for one of them.
 */
export function startReaderPool(
  file: string,
  { size, budgetMs, idleMs = READER_IDLE_MS }: ReaderPoolOptions,
): ReaderPool {
  if (size < 1) throw new RangeError('a reader pool has at least one thread')
  const slots: Slot[] = Array.from({ length: size }, () => ({}))
  const waiting: Pending[] = []
  /** Threads ended at a budget whose statement still runs: each holds a core until it ends. */
  let stopping = 0
  let closed = false

  const settle = (pending: Pending) => clearTimeout(pending.timer)
  const startClock = (pending: Pending) => {
    pending.timer = setTimeout(() => overBudget(pending), budgetMs)
  }

  const retire = (slot: Slot) => {
    clearTimeout(slot.idle)
    const worker = slot.worker
    slot.worker = undefined
    slot.ready = false
    slot.running = undefined
    if (!worker) return
    worker.removeAllListeners()
    // Its late answer, or an error while it stops, concerns no one any more.
    worker.on('error', () => {})
    stopping++
    void worker.terminate().finally(() => {
      stopping--
      dispatch()
    })
  }

  /** An idle thread runs no statement: it ends at once, so it does not count as stopping. */
  const endIdle = (slot: Slot) => {
    const worker = slot.worker
    if (!worker || slot.running) return
    slot.worker = undefined
    slot.ready = false
    worker.removeAllListeners()
    worker.on('error', () => {})
    void worker.terminate()
  }

  const spawn = (slot: Slot): Worker => {
    const worker = spawnSqliteThread({ role: 'reader', file })
    worker.on('message', (result: ReadResult | 'ready') => {
      if (result === 'ready') {
        slot.ready = true
        if (slot.running) startClock(slot.running)
        return
      }
      const pending = slot.running
      slot.running = undefined
      if (pending) {
        settle(pending)
        if (result.ok) pending.resolve(result.rows)
        else pending.reject(rebuildError(result.error, 'reader'))
      }
      dispatch()
      if (!slot.running) slot.idle = setTimeout(() => endIdle(slot), idleMs).unref()
    })
    const fail = (error: Error) => {
      const pending = slot.running
      retire(slot)
      if (pending) {
        settle(pending)
        pending.reject(error)
      }
      dispatch()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`an SQLite reader thread stopped (exit code ${code})`)))
    return worker
  }

  const dispatch = () => {
    for (const slot of slots) {
      if (closed || waiting.length === 0) return
      if (slot.running) continue
      // No more runaway statements than threads: past that, a new thread waits for one to end.
      if (!slot.worker && stopping >= size) continue
      const pending = waiting.shift() as Pending
      settle(pending)
      clearTimeout(slot.idle)
      slot.worker ??= spawn(slot)
      slot.running = pending
      if (slot.ready) startClock(pending)
      slot.worker.postMessage({ sql: pending.sql, parameters: pending.parameters })
    }
  }

  const overBudget = (pending: Pending) => {
    const slot = slots.find((candidate) => candidate.running === pending)
    if (slot) retire(slot)
    pending.reject(new ReadBudgetExceeded(budgetMs))
    dispatch()
  }

  return {
    query(sql, parameters) {
      if (closed) return Promise.reject(new Error('the database is closed'))
      return new Promise((resolve, reject) => {
        const pending: Pending = { sql, parameters, resolve, reject }
        // Waiting in line is bounded by the budget too: a line that does not move is answered, not kept.
        pending.timer = setTimeout(() => {
          const index = waiting.indexOf(pending)
          if (index < 0) return
          waiting.splice(index, 1)
          reject(new ReadBudgetExceeded(budgetMs))
        }, budgetMs)
        waiting.push(pending)
        dispatch()
      })
    },
    async close() {
      closed = true
      const error = new Error('the database is closed')
      for (const pending of waiting.splice(0)) {
        settle(pending)
        pending.reject(error)
      }
      const workers = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []))
      for (const slot of slots) {
        if (slot.running) {
          settle(slot.running)
          slot.running.reject(error)
        }
        slot.running = undefined
        clearTimeout(slot.idle)
        slot.worker?.removeAllListeners()
        slot.worker?.on('error', () => {})
        slot.worker = undefined
      }
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
