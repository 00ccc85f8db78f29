import { DEFAULT_RATE_LIMITS } from '../app'
import { DEFAULT_READ_BUDGET_MS } from '../db/read-budget'
import { defaultReaderCount } from '../db/reader-pool'
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
  readBudgetSetting,
  readerThreadsSetting,
  trustProxySetting,
  webhookBackoffSetting,
  webhookDestinationsSetting,
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
  --rate-limit-auth-failures <n>
                           failed authentications per minute per client address, then 429
                                                                       (default ${DEFAULT_RATE_LIMITS.authFailures})
  --trusted-proxy <address>
                           a reverse proxy whose X-Forwarded-For names the client (repeatable)
  --readers <n>            SQLite: threads that run analytics reads     (env HEED_READERS, default by cores: 1-4)
  --read-budget-ms <n>     time an analytics query may take before it   (env HEED_READ_BUDGET_MS, default
                           is stopped and answered 503 query_timeout      ${DEFAULT_READ_BUDGET_MS})
  --widget-dir <folder>    the widget's build, served at /widget/      (env HEED_WIDGET_DIR, default
                                                                          packages/widget/dist of this workspace)
  --webhook-allow <list>   internal webhook receivers allowed in       (env HEED_WEBHOOK_ALLOW_HOSTS)
                           production: host names, IP addresses and CIDR ranges, comma-separated
  -h, --help               show this help

Environment:
  NODE_ENV=production      webhooks must use https:// and reach public addresses only, checked when they are
                           set up and at every delivery, unless --webhook-allow lists the receiver; otherwise
                           any http(s) URL. Link-local and cloud metadata addresses are refused in every mode.
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
      'rate-limit-auth-failures': { type: 'string' },
      'trusted-proxy': { type: 'string', multiple: true },
      'widget-dir': { type: 'string' },
      'webhook-allow': { type: 'string' },
      readers: { type: 'string' },
      'read-budget-ms': { type: 'string' },
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
    const webhookDestinations = webhookDestinationsSetting(options['webhook-allow'], env)
    const widgetDir = widgetDirSetting(options['widget-dir'], env)
    const readerThreads = readerThreadsSetting(options.readers, env) ?? defaultReaderCount()
    const readBudgetMs = readBudgetSetting(options['read-budget-ms'], env)
    const rateLimits = {
      ingest: rateSetting('--rate-limit-ingest', options['rate-limit-ingest']) ?? DEFAULT_RATE_LIMITS.ingest,
      admin: rateSetting('--rate-limit-admin', options['rate-limit-admin']) ?? DEFAULT_RATE_LIMITS.admin,
      authFailures:
        rateSetting(
          '--rate-limit-auth-failures',
          options['rate-limit-auth-failures'],
          'failures per minute',
        ) ?? DEFAULT_RATE_LIMITS.authFailures,
    }

    const { database, applied } = await openMigrated(target, {
      onConnectionError: (error) => logger.warn('database connection lost', { error: error.message }),
      writerThread: target !== ':memory:',
      readerThreads: target === ':memory:' ? 0 : readerThreads,
      readBudgetMs,
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
      webhookDestinations,
      trustedProxies: options['trusted-proxy'],
      webhookBackoff,
      widgetDir,
      dashboardDir: dashboardDirSetting(env),
      trustProxy: trustProxySetting(env),
      onListening: (url) => logger.info('listening', { url, database: database.location }),
    })
  },
}
