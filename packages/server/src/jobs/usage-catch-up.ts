import { sql } from 'kysely'
import type { HeedDatabase } from '../db/open'
import type { Logger } from '../logger'
import { lastEventBatchAt } from '../store/events'
import { CATCH_UP_USAGE, hasUnfoldedEvents, usageBoundWork } from '../store/usage/catch-up'
import { REBUILD_USAGE_ZONE, zoneRebuilding } from '../store/usage/zone-rebuild'

export interface UsageCatchUpOptions {
  database: HeedDatabase
  logger: Logger
  /** Events per transaction: a chunk holds the writer for milliseconds, between event batches. */
  chunkSize?: number
  /** How often stored events are looked for once every project is caught up. */
  pollIntervalMs?: number
}

export interface UsageCatchUp {
  /** Stops after the chunk in progress, which commits or rolls back whole. */
  stop(): Promise<void>
}

const DEFAULT_CHUNK_SIZE = 1_000
const DEFAULT_POLL_INTERVAL_MS = 1_000
/** Event batches sent this recently mean ingest is under way. */
const INGEST_RECENT_MS = 100
/**
 * While ingest is under way, a chunk is followed by a pause this many times as long as it took, so that the
 * catch-up holds at most a fortieth of the writer and a saturated ingest loses about that much; once batches
 * stop, chunks follow each other at once.
 */
const PAUSE_FACTOR = 39

/**
 * Keeps the usage rollups up with the stored events: one chunk of each project behind per round, sent to
 * SQLite's writer thread like an event batch, so batches queued first are stored first and a chunk only
 * takes its turn between them. While batches arrive the rounds are spaced out (see PAUSE_FACTOR), else they
 * follow each other at once while any project is behind, then come at each poll. Progress is the projects' watermarks, so a restarted server goes on where the last chunk committed.
 */
export function startUsageCatchUp(options: UsageCatchUpOptions): UsageCatchUp {
  const {
    database,
    logger,
    chunkSize = DEFAULT_CHUNK_SIZE,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  } = options
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined

  const round = async () => {
    let more = false
    let failed = false
    let pause = 0
    try {
      const { rows } = await sql<{ id: string }>`SELECT id FROM projects ORDER BY id`.execute(database.db)
      for (const { id } of rows) {
        if (stopped) return
        if (await zoneRebuilding(database, id)) {
          // The zone's rollups are being rebuilt (a new project, or a new time zone): one chunk a round, spaced
          // out like the catch-up's while batches arrive.
          const begun = performance.now()
          if (await database.write(REBUILD_USAGE_ZONE, id)) more = true
          if (performance.now() - lastEventBatchAt() < INGEST_RECENT_MS)
            pause += (performance.now() - begun) * PAUSE_FACTOR
        }
        if (!(await hasUnfoldedEvents(database, id))) continue
        const bound =
          database.dialect === 'postgres' ? await database.transact(() => usageBoundWork(id)) : null
        const begun = performance.now()
        const chunk = await database.write(CATCH_UP_USAGE, id, chunkSize, bound)
        const took = performance.now() - begun
        if (chunk.more) more = true
        if (chunk.folded > 0 && performance.now() - lastEventBatchAt() < INGEST_RECENT_MS)
          pause += took * PAUSE_FACTOR
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      failed = true
      logger.error('usage catch-up chunk failed', { error: String(error) })
    }
    if (stopped) return
    timer = setTimeout(run, more && !failed ? pause : pollIntervalMs)
  }

  const run = () => {
    running = round().finally(() => {
      running = undefined
    })
  }

  run()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
