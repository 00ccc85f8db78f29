import { periodLabel } from '@heed/shared/periods/period'
import type { HeedDatabase } from '../db/open'
import type { Logger } from '../logger'
import { snapshotHealth } from '../store/health/snapshot'

export interface HealthSnapshotOptions {
  database: HeedDatabase
  logger: Logger
  /** How often projects are looked at for a day without a snapshot, the first time right after the start. */
  everyMs?: number
  now?: () => number
}

export interface HealthSnapshots {
  /** Stops looking and resolves once a snapshot under way has finished its current project. */
  stop(): Promise<void>
}

const EVERY_MS = 60 * 60 * 1000

/**
 * Keeps one health snapshot a day per project: at the start and then hourly, every project whose current
 * day (in its time zone) has no stored score yet is scored again (snapshotHealth with `latest`). Checking
 * hourly rather than sleeping until midnight covers every time zone and a server that was down at midnight.
 */
export function startHealthSnapshots(options: HealthSnapshotOptions): HealthSnapshots {
  const { database, logger, everyMs = EVERY_MS, now = Date.now } = options
  let stopped = false
  let running: Promise<void> | undefined

  const run = async () => {
    try {
      const projects = await database.db.selectFrom('projects').select(['id', 'time_zone']).execute()
      for (const project of projects) {
        if (stopped) return
        const at = now()
        const day = periodLabel(new Date(at - 1), 'day', project.time_zone)
        const done = await database.db
          .selectFrom('account_health_days')
          .select('day')
          .where('project_id', '=', project.id)
          .where('day', '=', day)
          .limit(1)
          .executeTakeFirst()
        if (done) continue
        const outcome = await snapshotHealth(database, project.id, {
          asOf: at,
          timeZone: project.time_zone,
          latest: true,
        })
        if (outcome.accounts > 0) logger.info('account health scored', { projectId: project.id, ...outcome })
      }
    } catch (error) {
      logger.error('account health could not be scored', { error: String(error) })
    }
  }

  const tick = () => {
    if (stopped || running) return
    running = run().finally(() => {
      running = undefined
    })
  }
  const timer = setInterval(tick, everyMs).unref()
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
