import { type Migration, type MigrationResultSet, Migrator } from 'kysely'
import * as initial from './migrations/2026-11-22-initial'
import * as peopleListing from './migrations/2026-11-22-people-listing'
import * as webhooks from './migrations/2026-11-22-webhooks'
import * as commentTags from './migrations/2026-11-23-comment-tags'
import * as followUpCases from './migrations/2026-11-23-follow-up-cases'
import * as partialPeopleIndexes from './migrations/2026-11-24-partial-people-indexes'
import * as unusedEventIndexes from './migrations/2026-11-24-unused-event-indexes'
import * as anonymousRowIndexes from './migrations/2026-11-25-anonymous-row-indexes'
import * as dayRollups from './migrations/2026-11-25-day-rollups'
import * as settledWebhookEvents from './migrations/2026-11-26-settled-webhook-events'
import * as accountHealth from './migrations/2026-12-07-account-health'
import * as revenue from './migrations/2026-12-07-revenue'
import * as revenueNeighbours from './migrations/2026-12-07-revenue-neighbours'
import * as segmentDropIn from './migrations/2026-12-07-segment-drop-in'
import * as segmentRollups from './migrations/2026-12-07-segment-rollups'
import * as usageRollups from './migrations/2026-12-07-usage-rollups'
import * as usageSplitRollups from './migrations/2026-12-07-usage-split-rollups'
import * as usageWatermark from './migrations/2026-12-07-usage-watermark'
import * as usageZoneDays from './migrations/2026-12-07-usage-zone-days'
import * as users from './migrations/2026-12-07-users'
import * as webhooksStripe from './migrations/2026-12-07-webhooks-stripe'
import * as writeTimeRevenueTotals from './migrations/2026-12-07-write-time-revenue-totals'
import type { HeedDatabase } from './open'

/** Listed here rather than read from disk, so a bundled server carries its migrations. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-22-initial': initial,
  '2026-11-22-people-listing': peopleListing,
  '2026-11-23-comment-tags': commentTags,
  '2026-11-22-webhooks': webhooks,
  '2026-11-23-follow-up-cases': followUpCases,
  '2026-11-24-partial-people-indexes': partialPeopleIndexes,
  '2026-11-24-unused-event-indexes': unusedEventIndexes,
  '2026-11-25-anonymous-row-indexes': anonymousRowIndexes,
  '2026-11-25-day-rollups': dayRollups,
  '2026-11-26-settled-webhook-events': settledWebhookEvents,
  '2026-12-07-segment-drop-in': segmentDropIn,
  '2026-12-07-segment-rollups': segmentRollups,
  '2026-12-07-users': users,
  '2026-12-07-revenue': revenue,
  // Named to sort after every migration before it: databases that ran those run this one last.
  '2026-12-07-webhooks-stripe': webhooksStripe,
  '2026-12-07-revenue-neighbours': revenueNeighbours,
  '2026-12-07-account-health': accountHealth,
  '2026-12-07-usage-rollups': usageRollups,
  '2026-12-07-usage-watermark': usageWatermark,
  '2026-12-07-usage-zone-days': usageZoneDays,
  '2026-12-07-usage-split-rollups': usageSplitRollups,
  // Sorts after every migration before it, for databases that ran them all.
  '2026-12-07-write-time-revenue-totals': writeTimeRevenueTotals,
}

export async function migrateToLatest(database: HeedDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Migrations written in parallel share a date, so a new one may sort before one a database already ran
    // (2026-12-07-account-health before 2026-12-07-revenue): it runs then instead of the database being
    // refused as corrupted. Each migration only adds what it names, so their order within a day is free.
    allowUnorderedMigrations: true,
  })
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
