import type { HeedDatabase } from '../db/open'
import type { Logger } from '../logger'
import { pruneSettledWebhookEvents, WEBHOOK_HISTORY_MS } from '../store/webhook-retention'

export interface HistoryPrunerOptions {
  database: HeedDatabase
  logger: Logger
  /** How long settled events and their delivery log are kept; tests shorten it. */
  keepMs?: number
  /** How often old events are looked for, the first time right after the start. */
  everyMs?: number
}

export interface HistoryPruner {
  /** Stops looking and resolves once a prune under way has finished its current chunk. */
  stop(): Promise<void>
}

const EVERY_MS = 60 * 60 * 1000
/**
 * Events deleted per transaction. On SQLite each transaction holds the writer thread off, so a month of
 * backlog is deleted in short steps, with ingest's writes in between.
 */
const CHUNK = 500

/** Deletes webhook events and delivery logs past their keeping time, once an hour (see WEBHOOK_HISTORY_MS). */
export function startWebhookHistoryPruner(options: HistoryPrunerOptions): HistoryPruner {
  const { database, logger, keepMs = WEBHOOK_HISTORY_MS, everyMs = EVERY_MS } = options
  let stopped = false
  let running: Promise<void> | undefined

  const prune = async () => {
    const before = Date.now() - keepMs
    let deleted = 0
    try {
      for (;;) {
        const chunk = await pruneSettledWebhookEvents(database, before, CHUNK)
        deleted += chunk
        if (chunk < CHUNK || stopped) break
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      logger.error('old webhook events could not be deleted', { error: String(error) })
    }
    if (deleted > 0) {
      logger.info('old webhook events deleted', { events: deleted, before: new Date(before).toISOString() })
    }
  }

  const tick = () => {
    if (stopped || running) return
    running = prune().finally(() => {
      running = undefined
    })
  }
  const timer = setInterval(tick, everyMs).unref()
  // The first look comes right after the start, so a server restarted more often than hourly still prunes.
  const first = setTimeout(tick, 0).unref()

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      clearTimeout(first)
      await running
    },
  }
}
