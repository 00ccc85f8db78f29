import { DEFAULT_RATE_LIMITS } from '../app'
import { createLogger } from '../logger'
import { type Command, EXIT_OK, parseOptions } from './command'
import { openMigrated } from './database'
import { serveUntilStopped } from './serve'
import {
  DEFAULT_DATABASE,
  DEFAULT_HOST,
  DEFAULT_PORT,
  dashboardDirSetting,
  databaseSetting,
  hostSetting,
  logLevelSetting,
  portSetting,
  rateSetting,
  trustProxySetting,
  webhookBackoffSetting,
  widgetDirSetting,
} from './settings'

export const startCommand: Command = {
  help: `Usage: heed start [options]

Brings the database schema up to date, then serves the ingest API (/ingest/v1), the admin API (/admin/v1),
the widget's script (/widget/heed.js) and /health. Logs are JSON lines on stdout; the first says
{"msg":"listening","url":...}.
SIGINT or SIGTERM stops it gracefully: no new connections, requests in flight get up to 10 s, exit code 0.
It also sends the projects' webhooks from their durable outbox; deliveries in flight finish before it exits.

Options:
  --port <n>               port to listen on; 0 picks a free one       (env PORT, default ${DEFAULT_PORT})
  --host <address>         address to listen on; 0.0.0.0 for all       (env HOST, default ${DEFAULT_HOST})
  --database <target>      SQLite file, or a postgres:// URL           (env HEED_DATABASE, then DATABASE_URL,
                                                                          default ${DEFAULT_DATABASE})
  --log-level <level>      debug, info, warn, error or silent          (env LOG_LEVEL, default info)
  --rate-limit-ingest <n>  requests per second per public key          (default ${DEFAULT_RATE_LIMITS.ingest})
  --rate-limit-admin <n>   requests per second per secret key          (default ${DEFAULT_RATE_LIMITS.admin})
  --widget-dir <folder>    the widget's build, served at /widget/      (env HEED_WIDGET_DIR, default
                                                                          packages/widget/dist of this workspace)
  -h, --help               show this help

Environment:
  NODE_ENV=production      webhooks must use https:// (http:// only for localhost); otherwise any http URL
  HEED_DASHBOARD_DIR       the dashboard's build, served at /app/ (default packages/dashboard/dist here)
  HEED_TRUST_PROXY=1       behind a reverse proxy: believe its X-Forwarded-Proto, -Host and -For headers
                           (Secure session cookies, sign-in limits per client address)
  HEED_WEBHOOK_BACKOFF_MS  delay before a failed webhook delivery's first retry; scales the whole schedule
                           (default 60000: 1, 2, 4 … minutes up to 6 h, given up after 12 attempts)
`,
  async run(args, { env, stdout }) {
    const options = parseOptions(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      database: { type: 'string' },
      'log-level': { type: 'string' },
      'rate-limit-ingest': { type: 'string' },
      'rate-limit-admin': { type: 'string' },
      'widget-dir': { type: 'string' },
    })
    if (options.help) {
      stdout.write(startCommand.help)
      return EXIT_OK
    }
    const port = portSetting(options.port, env)
    const host = hostSetting(options.host, env)
    const target = databaseSetting(options.database, env)
    const logger = createLogger(logLevelSetting(options['log-level'], env, 'info'))
    const webhookBackoff = webhookBackoffSetting(env)
    const widgetDir = widgetDirSetting(options['widget-dir'], env)
    const rateLimits = {
      ingest: rateSetting('--rate-limit-ingest', options['rate-limit-ingest']) ?? DEFAULT_RATE_LIMITS.ingest,
      admin: rateSetting('--rate-limit-admin', options['rate-limit-admin']) ?? DEFAULT_RATE_LIMITS.admin,
    }

    const { database, applied } = await openMigrated(target, {
      onConnectionError: (error) => logger.warn('database connection lost', { error: error.message }),
      writerThread: target !== ':memory:',
      onWriterFailure: (error) => {
        // Nothing more can be stored: exit, so that a supervisor restarts the server. Every write that was
        // acknowledged is committed; the ones in flight were answered 500.
        logger.error('the SQLite writer thread failed', { error: error.message })
        process.exit(1)
      },
    })
    if (applied.length > 0) logger.info('migrated', { database: database.location, migrations: applied })
    return serveUntilStopped({
      database,
      logger,
      port,
      host,
      rateLimits,
      allowPlainHttpWebhooks: env.NODE_ENV !== 'production',
      webhookBackoff,
      widgetDir,
      dashboardDir: dashboardDirSetting(env),
      trustProxy: trustProxySetting(env),
      onListening: (url) => logger.info('listening', { url, database: database.location }),
    })
  },
}
