// Entry point of SQLite's writer thread (see db/sqlite-thread.ts), bundled as dist/threads/writer.js.
import { parentPort, workerData } from 'node:worker_threads'
import type { SqliteThreadData } from '../db/sqlite-thread'
import { writeRegistry } from '../db/write'
import { serveWrites } from '../db/writer-thread'
import { THREAD_WRITES } from '../store/thread-writes'

if (!parentPort) throw new Error('threads/writer runs as a worker thread')
serveWrites(parentPort, workerData as SqliteThreadData, writeRegistry(THREAD_WRITES))
