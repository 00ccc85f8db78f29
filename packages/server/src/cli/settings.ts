import { fileURLToPath } from 'node:url'
import { isLogLevel, type LogLevel } from '../logger'
import { allowListEntries, allowListOf } from '../webhooks/allow-list'
import { type BackoffPolicy, backoffPolicy } from '../webhooks/backoff'
import { type DestinationPolicy, destinationPolicy } from '../webhooks/destination-policy'
import { UsageError } from './command'

/** Where `heed start`, `migrate` and `project create` keep their data when nothing else is said. */
export const DEFAULT_DATABASE = './heed.db'
export const DEFAULT_PORT = 3000
/** Loopback only: serving other machines is a decision, made with --host 0.0.0.0. */
export const DEFAULT_HOST = '127.0.0.1'
/**
 * The widget's build in this workspace (packages/widget/dist), found from this file's place rather than the
 * working directory, so `heed` serves it wherever it is started from. Built by `npm start` and `npm test`.
 */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../widget/dist/', import.meta.url))
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url))

type Env = NodeJS.ProcessEnv

/** A value from its option, else from its environment variable; `from` names whichever it came from. */
function pick(
  option: { name: string; value: string | undefined },
  variable: string,
  env: Env,
): { value: string; from: string } | undefined {
  if (option.value !== undefined) return { value: option.value, from: option.name }
  const value = nonEmpty(env[variable])
  return value === undefined ? undefined : { value, from: variable }
}

const nonEmpty = (value: string | undefined) => (value?.trim() ? value : undefined)

/**
 * --database, else HEED_DATABASE, else DATABASE_URL, else ./heed.db. HEED_DATABASE comes first because it
 * is about heed alone, while hosting platforms set DATABASE_URL for whatever runs there.
 */
export function databaseSetting(option: string | undefined, env: Env): string {
  // An empty path would make better-sqlite3 open a throw-away database and lose everything written.
  if (option?.trim() === '') throw new UsageError('--database must not be empty')
  return option ?? nonEmpty(env.HEED_DATABASE) ?? nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE
}

/** --port, else PORT; 0 lets the system choose a free port. */
export function portSetting(option: string | undefined, env: Env, fallback = DEFAULT_PORT): number {
  const chosen = pick({ name: '--port', value: option }, 'PORT', env)
  if (!chosen) return fallback
  const port = Number(chosen.value)
  if (!/^\d+$/.test(chosen.value) || port > 65_535) {
    throw new UsageError(`${chosen.from} must be a port number from 0 to 65535, got '${chosen.value}'`)
  }
  return port
}

/** --host, else HOST. */
export function hostSetting(option: string | undefined, env: Env, fallback = DEFAULT_HOST): string {
  return pick({ name: '--host', value: option }, 'HOST', env)?.value ?? fallback
}

/** --log-level, else LOG_LEVEL. */
export function logLevelSetting(option: string | undefined, env: Env, fallback: LogLevel): LogLevel {
  const chosen = pick({ name: '--log-level', value: option }, 'LOG_LEVEL', env)
  if (!chosen) return fallback
  if (!isLogLevel(chosen.value)) {
    throw new UsageError(
      `${chosen.from} must be one of debug, info, warn, error, silent, got '${chosen.value}'`,
    )
  }
  return chosen.value
}

/** --widget-dir, else HEED_WIDGET_DIR, else the workspace's widget build: the folder served at /widget/. */
export function widgetDirSetting(option: string | undefined, env: Env): string {
  if (option?.trim() === '') throw new UsageError('--widget-dir must not be empty')
  return option ?? nonEmpty(env.HEED_WIDGET_DIR) ?? DEFAULT_WIDGET_DIR
}

/** HEED_DASHBOARD_DIR, else the workspace's dashboard build: the folder served at /app/. */
export const dashboardDirSetting = (env: Env): string =>
  nonEmpty(env.HEED_DASHBOARD_DIR) ?? DEFAULT_DASHBOARD_DIR

/** HEED_TRUST_PROXY=1: behind a reverse proxy whose X-Forwarded-Proto, -Host and -For headers are believed. */
export const trustProxySetting = (env: Env) => ['1', 'true'].includes(nonEmpty(env.HEED_TRUST_PROXY) ?? '')

/** A rate limit in requests per second: a number above zero. */
export function rateSetting(
  name: string,
  value: string | undefined,
  unit = 'requests per second',
): number | undefined {
  if (value === undefined) return undefined
  const rate = Number(value)
  if (value.trim() === '' || !Number.isFinite(rate) || rate <= 0) {
    throw new UsageError(`${name} must be a number of ${unit} above 0, got '${value}'`)
  }
  return rate
}

/**
 * HEED_WEBHOOK_BACKOFF_MS: the delay before a failed webhook delivery's first retry, which scales its whole
 * retry schedule (default one minute). Meant for tests, which cannot wait minutes.
 */
export function webhookBackoffSetting(env: Env): BackoffPolicy {
  const value = nonEmpty(env.HEED_WEBHOOK_BACKOFF_MS)
  if (value === undefined) return backoffPolicy()
  const base = Number(value)
  if (!/^\d+$/.test(value.trim()) || base < 1) {
    throw new UsageError(
      `HEED_WEBHOOK_BACKOFF_MS must be a whole number of milliseconds above 0, got '${value}'`,
    )
  }
  return backoffPolicy(base)
}

/**
 * Where webhooks may be sent: NODE_ENV=production refuses every destination that is or resolves to a
 * non-public address; --webhook-allow, else HEED_WEBHOOK_ALLOW_HOSTS, lists the internal receivers (host
 * names, IP addresses, CIDR ranges, separated by commas or spaces) that are allowed all the same.
 */
export function webhookDestinationsSetting(option: string | undefined, env: Env): DestinationPolicy {
  const chosen = pick({ name: '--webhook-allow', value: option }, 'HEED_WEBHOOK_ALLOW_HOSTS', env)
  const result = allowListOf(chosen ? allowListEntries(chosen.value) : [])
  if ('problem' in result) throw new UsageError(`${chosen?.from}: ${result.problem}`)
  return destinationPolicy({ production: env.NODE_ENV === 'production', allow: result.list })
}
/** A whole number from an option or, without it, an environment variable; undefined when neither is set. */
function wholeSetting(
  option: string | undefined,
  env: Env,
  names: { option: string; env: string },
  min: number,
  max: number,
  unit: string,
): number | undefined {
  const value = option ?? nonEmpty(env[names.env])
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    const source = option === undefined ? names.env : names.option
    throw new UsageError(`${source} must be a whole number of ${unit} from ${min} to ${max}, got '${value}'`)
  }
  return n
}

/** SQLite's reader threads for analytics reads; undefined leaves the choice to the machine's cores. */
export const readerThreadsSetting = (option: string | undefined, env: Env) =>
  wholeSetting(option, env, { option: '--readers', env: 'HEED_READERS' }, 1, 16, 'threads')

/** The time budget of one analytics query; undefined for the default. */
export const readBudgetSetting = (option: string | undefined, env: Env) =>
  wholeSetting(
    option,
    env,
    { option: '--read-budget-ms', env: 'HEED_READ_BUDGET_MS' },
    10,
    600_000,
    'milliseconds',
  )
