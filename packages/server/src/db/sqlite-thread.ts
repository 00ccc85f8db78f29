import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { type MessagePort, Worker, type WorkerOptions } from 'node:worker_threads'
import type { CheckpointSettings } from './checkpointer-thread'

export interface SqliteThreadData {
  role: 'writer' | 'checkpointer' | 'reader'
  file: string
  /** The writer's and the checkpointer's end of the channel between them. */
  peer?: MessagePort
  /** Checkpointer only. */
  checkpoints?: CheckpointSettings
}

// Each role has an entry of its own, so that a thread loads only its own code: the checkpointer and the
// readers never load the writes (the sentiment lexicon, zod's schemas), which took a thread's heap from about
// 7 to 17 MiB. The entries sit in src/threads/ (dist/threads/ in the bundle, where this code is part of
// dist/cli/main.js), so one folder up and into threads/ from here and from there. From the sources (tests,
// `pnpm run heed`), a small script registers tsx in the thread before importing the entry.
const FROM_SOURCES = import.meta.url.endsWith('.ts')
const entryOf = (role: SqliteThreadData['role']) =>
  new URL(`../threads/${role}.${FROM_SOURCES ? 'ts' : 'js'}`, import.meta.url)
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

/**
 * Each thread is a V8 heap of its own, whose young generation by default grows to 32 MB before it is
 * collected. What these threads keep alive is small (statements, the writes in flight), so smaller young
 * generations cost little collection time; under the ingest benchmark they took the server's peak memory
 * down by about 30 MiB, with no change in throughput measured.
 */
const RESOURCE_LIMITS = {
  writer: { maxYoungGenerationSizeMb: 8 },
  checkpointer: { maxYoungGenerationSizeMb: 2 },
  // A reader's garbage is the rows of one result, copied to the main thread and dropped. A result that
  // would need more than the old generation's cap ends the thread (its query fails, the slot gets another)
  // rather than grow the server's memory.
  reader: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 },
}

/**
 * Starts one of SQLite's threads (writer-thread.ts, checkpointer-thread.ts, reader-thread.ts) on its own
 * connection, from its entry in src/threads/.
 */
export function spawnSqliteThread(data: SqliteThreadData): Worker {
  const resourceLimits = RESOURCE_LIMITS[data.role]
  const transferList = data.peer ? [data.peer] : []
  if (FROM_SOURCES) {
    const workerData = { ...data, entry: entryOf(data.role).href, tsx: TSX }
    return new Worker(TSX_BOOT, { eval: true, workerData, resourceLimits, transferList })
  }
  // The node options are inherited (giving any explicitly would refuse V8 options such as --max-old-space-size).
  return spawnWithSourceMaps(entryOf(data.role), data, { resourceLimits, transferList })
}

// bin/heed.js turns source maps on for the main thread only; a worker's flag starts off, and it must be on
// before a module loads for that module's map to be read.
const SOURCE_MAPS_BOOT = `process.setSourceMapsEnabled(true)
import(require('node:worker_threads').workerData.entry)`

/**
 * Starts the bundled module `entry` in a worker whose stack traces name the TypeScript files and lines, as
 * the main thread's do: an error on the writer thread reaches the log with its stack.
 */
export function spawnWithSourceMaps(entry: URL, workerData: object, options: WorkerOptions): Worker {
  return new Worker(SOURCE_MAPS_BOOT, {
    ...options,
    eval: true,
    workerData: { ...workerData, entry: entry.href },
  })
}
