import { fileURLToPath } from 'node:url'
import { isLogLevel, type LogLevel } from '../logger'
import { type BackoffPolicy, backoffPolicy } from '../webhooks/backoff'
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
export function rateSetting(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const rate = Number(value)
  if (value.trim() === '' || !Number.isFinite(rate) || rate <= 0) {
    throw new UsageError(`${name} must be a number of requests per second above 0, got '${value}'`)
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
