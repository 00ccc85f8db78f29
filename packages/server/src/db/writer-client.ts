import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Write } from './write'
import type { WriteGate } from './write-gate'
import {
  type FromWriter,
  rebuildError,
  type ToWriter,
  type WriteRequest,
  type WriterThreadData,
} from './writer-protocol'

export interface WriterThread extends WriteGate {
  run<Args extends unknown[], Result>(write: Write<Args, Result>, args: Args): Promise<Result>
  /** Waits for every write sent so far to be answered, then stops the thread. */
  close(): Promise<void>
}

export interface WriterOptions {
  /** Told once if the thread dies; every write waiting for it is rejected with the same error. */
  onFailure?: (error: Error) => void
}

interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

// The entry sits one folder up from this file's, in the sources (src/db/ → src/) and in the bundle, where
// this code is part of dist/cli/main.js (→ dist/). From the sources (tests, `pnpm run heed`), a small
// script registers tsx in the thread before importing the entry.
const FROM_SOURCES = import.meta.url.endsWith('.ts')
const ENTRY = new URL(`../writer-thread-entry.${FROM_SOURCES ? 'ts' : 'js'}`, import.meta.url)
const TSX_BOOT = `const { workerData } = require('node:worker_threads')
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry) })`
// require.resolve finds tsx's CommonJS API, whose register() fails inside an evaluated worker script; its
// ES module twin sits beside it.
const TSX = FROM_SOURCES
  ? pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href
  : ''

/** Starts SQLite's writer thread on `file` (see writer-thread.ts). */
export function startWriterThread(file: string, { onFailure = () => {} }: WriterOptions = {}): WriterThread {
  const data: WriterThreadData & { entry: string; tsx: string } = { file, entry: ENTRY.href, tsx: TSX }
  const worker = FROM_SOURCES
    ? new Worker(TSX_BOOT, { eval: true, workerData: data })
    : new Worker(ENTRY, { workerData: data })
  const waiting = new Map<number, Waiting>()
  const pauses: Waiting[] = []
  let nextId = 1
  let outgoing: WriteRequest[] = []
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
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`SQLite's writer thread stopped (exit code ${code})`))
    closed?.()
  })

  // Writes requested in one turn of the event loop travel in one message.
  const flushOutgoing = () => {
    const writes = outgoing
    outgoing = []
    if (writes.length > 0) send({ type: 'writes', writes })
  }

  return {
    run<Args extends unknown[], Result>(write: Write<Args, Result>, args: Args): Promise<Result> {
      if (failure) return Promise.reject(failure)
      if (closing) return Promise.reject(new Error('the database is closed'))
      const id = nextId++
      if (outgoing.length === 0) setImmediate(flushOutgoing)
      outgoing.push({ id, name: write.name, args })
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
      await worker.terminate()
    },
  }
}
