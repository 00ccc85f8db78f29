import type SQLite from 'better-sqlite3'

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
