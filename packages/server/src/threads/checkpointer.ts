// Entry point of SQLite's checkpointer thread (see db/sqlite-thread.ts), bundled as
// dist/threads/checkpointer.js.
import { parentPort, workerData } from 'node:worker_threads'
import { serveCheckpoints } from '../db/checkpointer-thread'
import type { SqliteThreadData } from '../db/sqlite-thread'

if (!parentPort) throw new Error('threads/checkpointer runs as a worker thread')
serveCheckpoints(parentPort, workerData as SqliteThreadData)
