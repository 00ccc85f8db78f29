import { CompiledQuery, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely'
import pg from 'pg'
import type { CheckpointSettings } from './checkpointer-thread'
import type { DialectName } from './dialect'
import { FifoLock } from './fifo-lock'
import { groupCommit } from './group-commit'
import { DEFAULT_READ_BUDGET_MS, ReadBudgetExceeded } from './read-budget'
import { ReaderPoolDialect } from './reader-dialect'
import { startReaderPool } from './reader-pool'
import type { Database } from './schema'
import { HeedSqliteDialect } from './sqlite-dialect'
import { connectSqlite } from './sqlite-file'
import { StatementCache } from './statement-cache'
import { runWorkAsync, type SqlWork } from './work'
import type { Write } from './write'
import { OPEN_GATE } from './write-gate'
import { startWriterThread } from './writer-client'

export interface HeedDatabase {
  readonly dialect: DialectName
  readonly db: Kysely<Database>
  /**
   * For analytics reads (trends, lists, breakdowns): on SQLite they run on reader threads, off the thread
   * that serves HTTP; on PostgreSQL on a pool of their own. Each query has the time budget `readBudgetMs`
   * and fails past it with ReadBudgetExceeded. Without reader threads (`:memory:`, one-off commands) the
   * same Kysely as `db`, unbudgeted. Reads only: no transaction.
   */
  readonly reads: Kysely<Database>
  /** Where the data lives, safe to log: the file path, or the PostgreSQL URL without its password. */
  readonly location: string
  /** Runs a write atomically: all of its statements commit together or none does. */
  transact<T>(build: (dialect: DialectName) => SqlWork<T>): Promise<T>
  /** Runs a named write atomically, on SQLite's writer thread when there is one (the ingest hot path). */
  write<Args extends unknown[], Result>(write: Write<Args, Result>, ...args: Args): Promise<Result>
  close(): Promise<void>
}

export interface OpenOptions {
  /**
   * Told when an idle PostgreSQL connection fails (the server restarted, an administrator ended it). The
   * pool drops that connection and the next query opens another; without a listener the error would
   * crash the process.
   */
  onConnectionError?: (error: Error) => void
  /**
   * SQLite only: run named writes on a writer thread with its own connection, so that SQLite's work uses
   * the second core. The server does; tests and one-off commands need not. Not for `:memory:`, which a
   * second connection cannot share.
   */
  writerThread?: boolean
  /** Told once if the writer thread dies; the server exits, since no write can be stored any more. */
  onWriterFailure?: (error: Error) => void
  /** With the writer thread: how often the WAL is copied, and when it starts over (tests make both small). */
  checkpoints?: CheckpointSettings
  /** SQLite only: threads that run `reads`, each with a read-only connection; 0 runs them on `db`. */
  readerThreads?: number
  /** How long an analytics read may take before it is stopped (default DEFAULT_READ_BUDGET_MS). */
  readBudgetMs?: number
}

/**
 * The page cache of the main thread's connection when the writer thread takes the ingest writes, in KiB
 * (SQLite's negative cache_size; better-sqlite3's default is 16 MB). Serving, that connection takes the
 * admin API's writes, small lookups and the background jobs' chunks, such as a segment's backfill, which
 * reads every answer once: with 16 MB the backfill of 1M answers left the server ~15 MiB larger for good
 * (the main malloc arena, measured in /proc/<pid>/smaps), while no page it reads is read again soon.
 * Evicted pages stay in the system's file cache. Its sorts and temporary tables go past that cache into a
 * temporary file as a reader's do: a backfill chunk's GROUP BY over one day of 400,000 answers (a day of the
 * benchmark's ingest) held them in memory and took the server's peak from ~175 to 212 MiB.
 */
export const SERVING_MAIN_CACHE_KIB = 2000

/** PostgreSQL when given a `postgres://` URL, otherwise an SQLite file path (or `:memory:`). */
export function openDatabase(target: string, options: OpenOptions = {}): HeedDatabase {
  return /^postgres(ql)?:\/\//.test(target) ? openPostgres(target, options) : openSqlite(target, options)
}

function openSqlite(
  file: string,
  {
    writerThread = false,
    onWriterFailure,
    checkpoints,
    readerThreads = 0,
    readBudgetMs = DEFAULT_READ_BUDGET_MS,
  }: OpenOptions,
): HeedDatabase {
  if (writerThread && file === ':memory:')
    throw new Error('an in-memory SQLite database has no writer thread')
  if (readerThreads > 0 && file === ':memory:')
    throw new Error('an in-memory SQLite database has no reader threads')
  const sqlite = connectSqlite(file)
  if (writerThread) {
    // With a writer thread comes a checkpointer thread, which copies the WAL into the database instead.
    sqlite.pragma('wal_autocheckpoint = 0')
    sqlite.pragma(`cache_size = -${SERVING_MAIN_CACHE_KIB}`)
    sqlite.pragma('temp_store = FILE')
  }
  const statements = new StatementCache(sqlite)
  const lock = new FifoLock()
  const writer = writerThread
    ? startWriterThread(file, { onFailure: onWriterFailure, checkpoints })
    : undefined
  const gate = writer ?? OPEN_GATE
  const db = new Kysely<Database>({ dialect: new HeedSqliteDialect(statements, lock, gate) })
  const transact = groupCommit(sqlite, statements, lock, gate)
  const reads =
    readerThreads > 0
      ? new Kysely<Database>({
          dialect: new ReaderPoolDialect(
            startReaderPool(file, { size: readerThreads, budgetMs: readBudgetMs }),
          ),
        })
      : db
  return {
    dialect: 'sqlite',
    db,
    reads,
    location: file,
    transact: (build) => transact(() => build('sqlite')),
    write: (write, ...args) =>
      writer ? writer.run(write, args) : transact(() => write.work('sqlite', ...args)),
    close: async () => {
      if (reads !== db) await reads.destroy()
      await writer?.close()
      await db.destroy()
    },
  }
}

const INT8_OID = 20
const NUMERIC_OID = 1700

// Times are epoch milliseconds in bigint columns and sums come back as bigint or numeric: all fit in a
// double. Parsed per pool, not through pg's global type registry.
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** Connections of the analytics reads' own pool, so a burst of charts never takes ingest's connections. */
const READ_CONNECTIONS = 4

function openPostgres(
  url: string,
  { onConnectionError = () => {}, readBudgetMs = DEFAULT_READ_BUDGET_MS }: OpenOptions,
): HeedDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: PG_TYPES })
  pool.on('error', onConnectionError)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  // The server cancels a read past its budget (statement_timeout is set for the session when it connects);
  // waiting for a connection counts against the same budget.
  const readPool = new pg.Pool({
    connectionString: url,
    max: READ_CONNECTIONS,
    types: PG_TYPES,
    statement_timeout: readBudgetMs,
    connectionTimeoutMillis: readBudgetMs,
    // Reads only, as on SQLite's read-only connections: a write sent here by mistake is refused.
    options: '-c default_transaction_read_only=on',
  })
  readPool.on('error', onConnectionError)
  const reads = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: budgetedPool(readPool, readBudgetMs) }),
  })
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
  const transact = <T>(build: (dialect: DialectName) => SqlWork<T>) =>
    db.transaction().execute((trx) =>
      runWorkAsync(build('postgres'), async (s) => {
        const result = await trx.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(toDollar(s.text), [...s.parameters]),
        )
        return { rows: result.rows, changes: Number(result.numAffectedRows ?? 0n) }
      }),
    )
  return {
    dialect: 'postgres',
    db,
    reads,
    location: redactPassword(url),
    transact,
    write: (write, ...args) => transact((dialect) => write.work(dialect, ...args)),
    close: async () => {
      await reads.destroy()
      await db.destroy()
    },
  }
}

/** PostgreSQL's code for a statement cancelled, here by statement_timeout. */
const QUERY_CANCELED = '57014'

/** The read pool as Kysely sees it, with a cancelled statement or a connection not had in time as ReadBudgetExceeded. */
function budgetedPool(pool: pg.Pool, budgetMs: number): PostgresPool {
  const overBudget = (error: unknown) => {
    const cancelled = (error as { code?: unknown }).code === QUERY_CANCELED
    const noConnection =
      error instanceof Error && /timeout exceeded when trying to connect/.test(error.message)
    throw cancelled || noConnection ? new ReadBudgetExceeded(budgetMs) : error
  }
  return {
    connect: async () => {
      const client = await pool.connect().catch(overBudget)
      return {
        // Kysely streams through a cursor only when asked to; reads never are.
        query: ((text: string, parameters: readonly unknown[]) =>
          client.query(text, [...parameters]).catch(overBudget)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      }
    },
    end: () => pool.end(),
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
