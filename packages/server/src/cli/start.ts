import { DEFAULT_RATE_LIMITS } from '../app'
import { createLogger } from '../logger'
import { type Command, EXIT_OK, parseOptions } from './command'
import { openMigrated } from './database'
import { serveUntilStopped } from './serve'
import {
  DEFAULT_DATABASE,
  DEFAULT_HOST,
  DEFAULT_PORT,
  databaseSetting,
  hostSetting,
  logLevelSetting,
  portSetting,
  rateSetting,
} from './settings'

export const startCommand: Command = {
  help: `Usage: heed start [options]

Brings the database schema up to date, then serves the ingest API (/ingest/v1), the admin API (/admin/v1)
and /health. Logs are JSON lines on stdout; the first says {"msg":"listening","url":...}.
SIGINT or SIGTERM stops it gracefully: no new connections, requests in flight get up to 10 s, exit code 0.

Options:
  --port <n>               port to listen on; 0 picks a free one       (env PORT, default ${DEFAULT_PORT})
  --host <address>         address to listen on; 0.0.0.0 for all       (env HOST, default ${DEFAULT_HOST})
  --database <target>      SQLite file, or a postgres:// URL           (env HEED_DATABASE, then DATABASE_URL,
                                                                          default ${DEFAULT_DATABASE})
  --log-level <level>      debug, info, warn, error or silent          (env LOG_LEVEL, default info)
  --rate-limit-ingest <n>  requests per second per public key          (default ${DEFAULT_RATE_LIMITS.ingest})
  --rate-limit-admin <n>   requests per second per secret key          (default ${DEFAULT_RATE_LIMITS.admin})
  -h, --help               show this help
`,
  async run(args, { env, stdout }) {
    const options = parseOptions(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      database: { type: 'string' },
      'log-level': { type: 'string' },
      'rate-limit-ingest': { type: 'string' },
      'rate-limit-admin': { type: 'string' },
    })
    if (options.help) {
      stdout.write(startCommand.help)
      return EXIT_OK
    }
    const port = portSetting(options.port, env)
    const host = hostSetting(options.host, env)
    const target = databaseSetting(options.database, env)
    const logger = createLogger(logLevelSetting(options['log-level'], env, 'info'))
    const rateLimits = {
      ingest: rateSetting('--rate-limit-ingest', options['rate-limit-ingest']) ?? DEFAULT_RATE_LIMITS.ingest,
      admin: rateSetting('--rate-limit-admin', options['rate-limit-admin']) ?? DEFAULT_RATE_LIMITS.admin,
    }

    const { database, applied } = await openMigrated(target)
    if (applied.length > 0) logger.info('migrated', { database: database.location, migrations: applied })
    return serveUntilStopped({
      database,
      logger,
      port,
      host,
      rateLimits,
      onListening: (url) => logger.info('listening', { url, database: database.location }),
    })
  },
}
