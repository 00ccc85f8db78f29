import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { FifoLock } from './fifo-lock'
import { groupCommit } from './group-commit'
import type { Database } from './schema'
import { HeedSqliteDialect, StatementCache } from './sqlite-dialect'
import { runWorkAsync, type SqlWork } from './work'

export type DialectName = 'sqlite' | 'postgres'

export interface HeedDatabase {
  readonly dialect: DialectName
  readonly db: Kysely<Database>
  /** Where the data lives, safe to log: the file path, or the PostgreSQL URL without its password. */
  readonly location: string
  /** Runs a write atomically: all of its statements commit together or none does. */
  transact<T>(build: (dialect: DialectName) => SqlWork<T>): Promise<T>
  close(): Promise<void>
}

export interface OpenOptions {
  /**
   * Told when an idle PostgreSQL connection fails (the server restarted, an administrator ended it). The
   * pool drops that connection and the next query opens another; without a listener the error would
   * crash the process.
   */
  onConnectionError?: (error: Error) => void
}

/** PostgreSQL when given a `postgres://` URL, otherwise an SQLite file path (or `:memory:`). */
export function openDatabase(target: string, options: OpenOptions = {}): HeedDatabase {
  return /^postgres(ql)?:\/\//.test(target) ? openPostgres(target, options) : openSqlite(target)
}

function openSqlite(file: string): HeedDatabase {
  const sqlite = new SQLite(file)
  // WAL + NORMAL: a commit is in the WAL before the call returns, so killing the process loses nothing
  // acknowledged; only a power cut can lose the last commits, and it never corrupts the file.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('temp_store = MEMORY')
  const statements = new StatementCache(sqlite)
  const lock = new FifoLock()
  const db = new Kysely<Database>({ dialect: new HeedSqliteDialect(statements, lock) })
  const transact = groupCommit(sqlite, statements, lock)
  return {
    dialect: 'sqlite',
    db,
    location: file,
    transact: (build) => transact(() => build('sqlite')),
    close: () => db.destroy(),
  }
}

const INT8_OID = 20
const NUMERIC_OID = 1700

function openPostgres(url: string, { onConnectionError = () => {} }: OpenOptions): HeedDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Times are epoch milliseconds in bigint columns and sums come back as bigint or numeric: all fit
    // in a double. Parsed per pool, not through pg's global type registry.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  pool.on('error', onConnectionError)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const dollarTexts = new Map<string, string>()
  const toDollar = (text: string) => {
    let converted = dollarTexts.get(text)
    if (converted === undefined) {
      let index = 0
      converted = text.replace(/\?/g, () => `$${++index}`)
      dollarTexts.set(text, converted)
    }
    return converted
  }
  return {
    dialect: 'postgres',
    db,
    location: redactPassword(url),
    transact: (build) =>
      db.transaction().execute((trx) =>
        runWorkAsync(build('postgres'), async (s) => {
          const result = await trx.executeQuery<Record<string, unknown>>(
            CompiledQuery.raw(toDollar(s.text), [...s.parameters]),
          )
          return { rows: result.rows, changes: Number(result.numAffectedRows ?? 0n) }
        }),
      ),
    close: () => db.destroy(),
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres (unparsable URL)'
  }
}
