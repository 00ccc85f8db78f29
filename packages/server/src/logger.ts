export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** Whether lines of this level are written: a caller can skip building one nobody will read. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean
}

/** One JSON object per line. Callers never pass keys or request headers; see the request logger. */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const enabled = (lineLevel: Exclude<LogLevel, 'silent'>) => RANK[lineLevel] >= RANK[level]
  const at = (lineLevel: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
    if (!enabled(lineLevel)) return
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...fields })}\n`)
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), enabled }
}

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(RANK, value)
}
