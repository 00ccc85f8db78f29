// Entry point of SQLite's threads (see db/sqlite-thread.ts), bundled as dist/sqlite-thread-entry.js.
import { parentPort, workerData } from 'node:worker_threads'
import { serveCheckpoints } from './db/checkpointer-thread'
import { serveReads } from './db/reader-thread'
import type { SqliteThreadData } from './db/sqlite-thread'
import { writeRegistry } from './db/write'
import { serveWrites } from './db/writer-thread'
import { THREAD_WRITES } from './store/thread-writes'

if (!parentPort) throw new Error('sqlite-thread-entry runs as a worker thread')
const data = workerData as SqliteThreadData
if (data.role === 'writer') serveWrites(parentPort, data, writeRegistry(THREAD_WRITES))
else if (data.role === 'reader') serveReads(parentPort, data)
else serveCheckpoints(parentPort, data)
