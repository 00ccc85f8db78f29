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
import type { ReaderPool } from './reader-pool'

/**
 * Kysely's SQLite dialect whose queries run on the reader threads: the main thread compiles a query, a
 * reader thread runs it and sends back its rows. For reads only: a transaction, which would need one
 * connection for several statements, is refused.
 */
export class ReaderPoolDialect implements Dialect {
  constructor(private readonly pool: ReaderPool) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }

  createDriver(): Driver {
    return new ReaderPoolDriver(this.pool)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own Dialect signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

class ReaderPoolDriver implements Driver {
  readonly #connection: DatabaseConnection

  constructor(private readonly pool: ReaderPool) {
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => ({
        rows: (await pool.query(query.sql, query.parameters)) as R[],
      }),
      streamQuery: () => {
        throw new Error('streaming is not used with SQLite')
      },
    }
  }

  async init(): Promise<void> {}

  // Every query is one message to the pool, which queues them: any number may share this connection.
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection
  }

  async beginTransaction(): Promise<void> {
    throw new Error('reads run outside transactions: use HeedDatabase.db or transact for a transaction')
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.pool.close()
  }
}
