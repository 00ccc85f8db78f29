import { CompiledQuery, type Kysely, type QueryResult } from 'kysely'
import type { DialectName } from '../db/dialect'
import type { Database } from '../db/schema'

/**
 * A statement written as plain text, its values bound in order. For the long UNION ALL statements of the
 * rollup reads, which Kysely's `sql` template builds as thousands of nodes and compiles on the thread that
 * serves HTTP: a year by week (159 range sums) took 9 ms there, as text 0.5 ms (measured). Only identifiers
 * the code chooses go into the text; every value is bound.
 */
export class StatementText {
  readonly #parameters: unknown[] = []

  constructor(private readonly dialect: DialectName) {}

  /** The placeholder of `value`, bound in the order placeholders are asked for. */
  bind(value: unknown): string {
    this.#parameters.push(value)
    return this.dialect === 'postgres' ? `$${this.#parameters.length}` : '?'
  }

  execute<R>(db: Kysely<Database>, text: string): Promise<QueryResult<R>> {
    return db.executeQuery<R>(CompiledQuery.raw(text, [...this.#parameters]))
  }
}
