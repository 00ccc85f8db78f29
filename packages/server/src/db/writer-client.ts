import { MessageChannel } from 'node:worker_threads'
import type { CheckpointSettings } from './checkpointer-thread'
import { spawnSqliteThread } from './sqlite-thread'
import type { Write } from './write'
import type { WriteGate } from './write-gate'
import { type FromWriter, rebuildError, type ToWriter, type WriteRequest } from './writer-protocol'

export interface WriterThread extends WriteGate {
  run<Args extends unknown[], Result>(write: Write<Args, Result>, args: Args): Promise<Result>
  /** Waits for every write sent so far to be answered, then stops the thread. */
  close(): Promise<void>
}

export interface WriterOptions {
  checkpoints?: CheckpointSettings
  /** Told once if the thread dies; every write waiting for it is rejected with the same error. */
  onFailure?: (error: Error) => void
}

interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/**
 * Writes go to the thread in messages that store this many records, or with whatever arrived by the end of
 * the event loop's turn. Sending every write of a turn at once would make the threads take turns (the main
 * thread reads fifty requests while the writer waits, then the writer commits them while the main thread
 * waits); smaller messages let the writer start committing while the main thread still reads. Measured
 * with the ingest benchmark's 50 connections: 1 → 9,700 responses/s, 4 → 10,700, 8–16 → 11,600, all →
 * 8,600. A batch of events is a message of its own: sent at the end of the turn with the others read in
 * it, event batches reached 79,000–91,000 events/s; sent at once, 102,000.
 */
const RECORDS_PER_MESSAGE = 12

/** Starts SQLite's writer thread on `file` (see writer-thread.ts). */
export function startWriterThread(
  file: string,
  { onFailure = () => {}, checkpoints }: WriterOptions = {},
): WriterThread {
  const { port1, port2 } = new MessageChannel()
  const worker = spawnSqliteThread({ role: 'writer', file, peer: port1 })
  const checkpointer = spawnSqliteThread({ role: 'checkpointer', file, peer: port2, checkpoints })
  const waiting = new Map<number, Waiting>()
  const pauses: Waiting[] = []
  let nextId = 1
  let outgoing: WriteRequest[] = []
  let outgoingRecords = 0
  let failure: Error | undefined
  let closing = false
  let closed: (() => void) | undefined
  const drained: Array<() => void> = []

  const send = (message: ToWriter) => worker.postMessage(message)
  const fail = (error: Error) => {
    if (failure) return
    failure = error
    for (const { reject } of [...waiting.values(), ...pauses.splice(0)]) reject(error)
    waiting.clear()
    onFailure(error)
  }
  const settleDrained = () => {
    if (waiting.size === 0 && outgoing.length === 0) for (const done of drained.splice(0)) done()
  }

  worker.on('message', (message: FromWriter) => {
    switch (message.type) {
      case 'results':
        for (const result of message.results) {
          const entry = waiting.get(result.id)
          if (!entry) continue
          waiting.delete(result.id)
          if (result.ok) entry.resolve(result.value)
          else entry.reject(rebuildError(result.error))
        }
        settleDrained()
        break
      case 'paused':
        pauses.shift()?.resolve(undefined)
        break
      case 'closed':
        closed?.()
        break
    }
  })
  worker.on('error', (error) => fail(error))
  checkpointer.on('error', (error) => fail(error))
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`SQLite's writer thread stopped (exit code ${code})`))
    closed?.()
  })
  // Without checkpoints the WAL would grow without end: as fatal as losing the writer.
  checkpointer.on('exit', (code) => {
    if (!closing) fail(new Error(`SQLite's checkpointer thread stopped (exit code ${code})`))
  })

  const flushOutgoing = () => {
    const writes = outgoing
    outgoing = []
    outgoingRecords = 0
    if (writes.length > 0) send({ type: 'writes', writes })
  }

  return {
    run<Args extends unknown[], Result>(write: Write<Args, Result>, args: Args): Promise<Result> {
      if (failure) return Promise.reject(failure)
      if (closing) return Promise.reject(new Error('the database is closed'))
      const id = nextId++
      if (outgoing.length === 0) setImmediate(flushOutgoing)
      outgoing.push({ id, name: write.name, args })
      outgoingRecords += write.records(...args)
      if (outgoingRecords >= RECORDS_PER_MESSAGE) flushOutgoing()
      return new Promise<Result>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      })
    },
    pause() {
      if (failure) return Promise.reject(failure)
      flushOutgoing()
      return new Promise<void>((resolve, reject) => {
        pauses.push({ resolve: resolve as (value: unknown) => void, reject })
        send({ type: 'pause' })
      })
    },
    resume() {
      if (!failure) send({ type: 'resume' })
    },
    async close() {
      if (closing) return
      closing = true
      if (!failure) {
        await new Promise<void>((resolve) => {
          drained.push(resolve)
          settleDrained()
        })
        await new Promise<void>((resolve) => {
          closed = resolve
          send({ type: 'close' })
        })
      }
      checkpointer.postMessage('close')
      await Promise.all([worker.terminate(), checkpointer.terminate()])
    },
  }
}
