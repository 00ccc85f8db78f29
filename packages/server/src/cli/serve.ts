import { type AppOptions, createApp } from '../app'
import type { HeedDatabase } from '../db/open'
import { startHealthSnapshots } from '../jobs/health-snapshots'
import { startRetagWorker } from '../jobs/retag-worker'
import { startUsageCatchUp } from '../jobs/usage-catch-up'
import type { Logger } from '../logger'
import { startServer } from '../server'
import type { BackoffPolicy } from '../webhooks/backoff'
import type { DestinationPolicy } from '../webhooks/destination-policy'
import { startWebhookDispatcher } from '../webhooks/dispatcher'
import { startWebhookHistoryPruner } from '../webhooks/history-pruner'
import { CommandFailure, EXIT_OK } from './command'
import { tuneHeapForServing } from './heap-tuning'
import { nextStopSignal } from './stop-signal'

export interface ServeOptions {
  database: HeedDatabase
  logger: Logger
  port: number
  host: string
  /** See AppOptions. */
  rateLimits?: AppOptions['rateLimits']
  /** See AppOptions. */
  trustedProxies?: readonly string[]
  /** Where webhooks may point, both when they are set up (see AppOptions) and at every delivery. */
  webhookDestinations: DestinationPolicy
  /** The retry schedule of failed webhook deliveries; the default unless a test shortens it. */
  webhookBackoff?: BackoffPolicy
  /** See AppOptions. */
  widgetDir?: string
  /** See AppOptions. */
  dashboardDir?: string
  /** See AppOptions. */
  trustProxy?: boolean
  /** See AppOptions. */
  demoProjectId?: string
  /** Called once the server listens, with the URL it answers on. */
  onListening(url: string): void
}

/**
 * Serves the app and sends webhooks until SIGINT or SIGTERM, then shuts down in order: stop accepting, let
 * the requests and webhook deliveries in flight finish (up to the grace period), close the database.
 * Resolves with exit code 0.
 */
export async function serveUntilStopped(options: ServeOptions): Promise<number> {
  const { database, logger, port, host } = options
  tuneHeapForServing()
  // Listening for signals before the port opens: a signal that comes early still shuts down cleanly.
  const stop = nextStopSignal()
  const app = createApp({
    database,
    logger,
    rateLimits: options.rateLimits,
    trustedProxies: options.trustedProxies,
    webhookDestinations: options.webhookDestinations,
    widgetDir: options.widgetDir,
    dashboardDir: options.dashboardDir,
    trustProxy: options.trustProxy,
    demoProjectId: options.demoProjectId,
  })
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({ app, port, host })
  } catch (error) {
    await database.close()
    throw new CommandFailure(listenFailure(error, host, port))
  }
  options.onListening(server.url)
  const webhooks = startWebhookDispatcher({
    database,
    logger,
    backoff: options.webhookBackoff,
    destinations: options.webhookDestinations,
  })
  const retag = startRetagWorker({ database, logger })
  const usageCatchUp = startUsageCatchUp({ database, logger })
  const webhookHistory = startWebhookHistoryPruner({ database, logger })
  const healthSnapshots = startHealthSnapshots({ database, logger })
  const signal = await stop
  logger.info('shutting down', { signal })
  // Deliveries in flight finish and are recorded (up to their timeout) while requests drain, so a restart
  // neither loses an acknowledgement nor sends an acknowledged event again.
  const [{ forced }] = await Promise.all([
    server.close(),
    webhooks.stop(),
    retag.stop(),
    usageCatchUp.stop(),
    webhookHistory.stop(),
    healthSnapshots.stop(),
  ])
  if (forced) logger.warn('requests still running at the end of the grace period were cut off')
  await database.close()
  logger.info('stopped')
  return EXIT_OK
}

function listenFailure(error: unknown, host: string, port: number): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use: choose another with --port`
  if (code === 'EACCES') return `not allowed to listen on port ${port}: choose a port above 1023 with --port`
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `cannot listen on host ${host}: no such address here`
  return `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`
}
