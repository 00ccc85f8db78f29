// Entry point of SQLite's reader threads (see db/sqlite-thread.ts), bundled as dist/threads/reader.js.
import { parentPort, workerData } from 'node:worker_threads'
import { serveReads } from '../db/reader-thread'
import type { SqliteThreadData } from '../db/sqlite-thread'

if (!parentPort) throw new Error('threads/reader runs as a worker thread')
serveReads(parentPort, workerData as SqliteThreadData)
