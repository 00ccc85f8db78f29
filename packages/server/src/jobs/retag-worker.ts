import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import type { JobKind } from '../db/schema'
import type { SqlWork } from '../db/work'
import type { Logger } from '../logger'
import { type ChunkOutcome, noteJobError, retagChunkWork, runningJobs } from '../store/jobs'
import { segmentBackfillChunkWork } from '../store/segments/backfill'
import { featureRebuildChunkWork } from '../store/usage/rebuild'
import { onJobStarted } from './job-signal'

export interface RetagWorkerOptions {
  database: HeedDatabase
  logger: Logger
  /** Comments per transaction: small enough that a chunk holds the database for milliseconds. */
  chunkSize?: number
  /** How often running jobs are looked for when nothing wakes the worker. */
  pollIntervalMs?: number
  now?: () => number
}

export interface RetagWorker {
  /** Stops after the chunk in progress, which commits or rolls back whole. */
  stop(): Promise<void>
}

const DEFAULT_CHUNK_SIZE = 200

/**
 * One chunk of a job of each kind, in its own transaction: `size` comments for a re-tag, and for a segment
 * backfill `size` / 20 UTC days of answers (ten days by default: thousands of answers a day still commit in
 * milliseconds), and for a feature rebuild `size` × 10 events (matching an event costs far less than tagging).
 */
const CHUNK_WORKS: Record<
  JobKind,
  (dialect: DialectName, jobId: string, size: number, now: number) => SqlWork<ChunkOutcome>
> = {
  retag: retagChunkWork,
  'segment-backfill': (dialect, jobId, size, now) =>
    segmentBackfillChunkWork(dialect, jobId, Math.max(1, Math.floor(size / 20)), now),
  'feature-rebuild': (dialect, jobId, size, now) => featureRebuildChunkWork(dialect, jobId, size * 10, now),
}
const DEFAULT_POLL_INTERVAL_MS = 2_000

/**
 * Runs the background jobs (re-tags, segment backfills) of every project in the background of the server process: one chunk of each running
 * job in turn, yielding to the event loop between chunks so requests are served meanwhile. Progress is in
 * the jobs table, so a restarted server picks up each job after its last committed chunk.
 */
export function startRetagWorker(options: RetagWorkerOptions): RetagWorker {
  const {
    database,
    logger,
    chunkSize = DEFAULT_CHUNK_SIZE,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    now = Date.now,
  } = options
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false

  const schedule = (delayMs: number) => {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => void run(), delayMs)
  }

  const run = async () => {
    if (running) {
      // A round is under way; one more right after it sees the job that woke us.
      again = true
      return
    }
    running = round().finally(() => {
      running = undefined
    })
    await running
  }

  /** One chunk of every running job; then at once again while any has more, else at the next poll. */
  const round = async () => {
    let more = false
    let failed = false
    try {
      for (const { id: jobId, kind } of await runningJobs(database)) {
        if (stopped) return
        try {
          const outcome = await database.transact((dialect) =>
            CHUNK_WORKS[kind](dialect, jobId, chunkSize, now()),
          )
          if (outcome === 'more') more = true
          if (outcome === 'finished') logger.info(`${kind} finished`, { jobId })
        } catch (error) {
          failed = true
          logger.error(`${kind} chunk failed`, { jobId, error: String(error) })
          await noteJobError(database, jobId, String(error), now()).catch(() => undefined)
        }
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      failed = true
      logger.error('running jobs could not be read', { error: String(error) })
    }
    const next = (more || again) && !failed ? 0 : pollIntervalMs
    again = false
    schedule(next)
  }

  const unsubscribe = onJobStarted(() => schedule(0))
  schedule(0)

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      unsubscribe()
      await running
    },
  }
}
