import type SQLite from 'better-sqlite3'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import type { FifoLock } from './fifo-lock'

const STATEMENT_CACHE_LIMIT = 500

/** Prepared statements by SQL text: preparing costs more than running a small insert. */
export class StatementCache {
  readonly #cache = new Map<string, SQLite.Statement>()

  constructor(readonly sqlite: SQLite.Database) {}

  get(text: string): SQLite.Statement {
    let statement = this.#cache.get(text)
    if (!statement) {
      // Texts that vary (IN lists of every length) must not grow the cache without bound.
      if (this.#cache.size >= STATEMENT_CACHE_LIMIT) this.#cache.clear()
      statement = this.sqlite.prepare(text)
      this.#cache.set(text, statement)
    }
    return statement
  }

  run(text: string, parameters: readonly unknown[]): { rows: Record<string, unknown>[]; changes: number } {
    const statement = this.get(text)
    if (statement.reader)
      return { rows: statement.all(...parameters) as Record<string, unknown>[], changes: 0 }
    return { rows: [], changes: statement.run(...parameters).changes }
  }
}

/**
 * Kysely's SQLite dialect with two changes that matter under load: the single connection is handed
 * over in FIFO order (the lock is shared with the synchronous write path), and statements are cached.
 */
export class HeedSqliteDialect implements Dialect {
  constructor(
    private readonly statements: StatementCache,
    private readonly lock: FifoLock,
  ) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }

  createDriver(): Driver {
    return new HeedSqliteDriver(this.statements, this.lock)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own Dialect signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

class HeedSqliteDriver implements Driver {
  readonly #connection: DatabaseConnection

  constructor(
    private readonly statements: StatementCache,
    private readonly lock: FifoLock,
  ) {
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const { rows, changes } = statements.run(query.sql, query.parameters)
        return { rows: rows as R[], numAffectedRows: BigInt(changes) }
      },
      streamQuery: () => {
        throw new Error('streaming is not used with SQLite')
      },
    }
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire()
    return this.#connection
  }

  async beginTransaction(): Promise<void> {
    this.statements.sqlite.exec('BEGIN')
  }

  async commitTransaction(): Promise<void> {
    this.statements.sqlite.exec('COMMIT')
  }

  async rollbackTransaction(): Promise<void> {
    this.statements.sqlite.exec('ROLLBACK')
  }

  async releaseConnection(): Promise<void> {
    this.lock.release()
  }

  async destroy(): Promise<void> {
    this.statements.sqlite.close()
  }
}
