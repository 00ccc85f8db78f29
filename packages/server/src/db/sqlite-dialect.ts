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
import type { StatementCache } from './statement-cache'
import type { WriteGate } from './write-gate'

/**
 * Kysely's SQLite dialect with three changes: the single connection is handed over in FIFO order (the lock
 * is shared with the synchronous write path), statements are cached, and every write holds the gate, which
 * pauses the writer thread while this connection writes.
 */
export class HeedSqliteDialect implements Dialect {
  constructor(
    private readonly statements: StatementCache,
    private readonly lock: FifoLock,
    private readonly gate: WriteGate,
  ) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }

  createDriver(): Driver {
    return new HeedSqliteDriver(this.statements, this.lock, this.gate)
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
  #inTransaction = false

  constructor(
    private readonly statements: StatementCache,
    private readonly lock: FifoLock,
    private readonly gate: WriteGate,
  ) {
    const run = <R>(query: CompiledQuery): QueryResult<R> => {
      const { rows, changes } = statements.run(query.sql, query.parameters)
      return { rows: rows as R[], numAffectedRows: BigInt(changes) }
    }
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        if (this.#inTransaction || statements.get(query.sql).readonly) return run<R>(query)
        await gate.pause()
        try {
          return run<R>(query)
        } finally {
          gate.resume()
        }
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
    await this.gate.pause()
    try {
      // IMMEDIATE, as in group-commit.ts: a deferred transaction cannot wait for another writer to finish.
      this.statements.sqlite.exec('BEGIN IMMEDIATE')
    } catch (error) {
      this.gate.resume()
      throw error
    }
    this.#inTransaction = true
  }

  async commitTransaction(): Promise<void> {
    this.#endTransaction('COMMIT')
  }

  async rollbackTransaction(): Promise<void> {
    this.#endTransaction('ROLLBACK')
  }

  #endTransaction(statement: 'COMMIT' | 'ROLLBACK'): void {
    try {
      this.statements.sqlite.exec(statement)
    } finally {
      this.#inTransaction = false
      this.gate.resume()
    }
  }

  async releaseConnection(): Promise<void> {
    this.lock.release()
  }

  async destroy(): Promise<void> {
    this.statements.sqlite.close()
  }
}
