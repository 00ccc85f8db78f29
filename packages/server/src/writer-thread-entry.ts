// Entry point of SQLite's writer thread (see db/writer-thread.ts), bundled as dist/writer-thread.js.
import { parentPort, workerData } from 'node:worker_threads'
import { writeRegistry } from './db/write'
import type { WriterThreadData } from './db/writer-protocol'
import { serveWrites } from './db/writer-thread'
import { THREAD_WRITES } from './store/thread-writes'

if (!parentPort) throw new Error('writer-thread-entry runs as a worker thread')
serveWrites(parentPort, workerData as WriterThreadData, writeRegistry(THREAD_WRITES))
