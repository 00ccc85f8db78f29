/**
 * A write described as a generator of SQL statements: it yields each statement and receives its result.
 * The same logic then runs synchronously inside one SQLite transaction (no await, so the single
 * connection is held for microseconds) or awaited inside a PostgreSQL transaction.
 * Statements are portable SQL with `?` placeholders.
 */
export interface SqlStatement {
  text: string
  parameters: readonly unknown[]
}

export interface SqlResult<Row = Record<string, unknown>> {
  rows: Row[]
  /** Rows inserted, updated or deleted by a writing statement. */
  changes: number
}

export type SqlWork<T> = Generator<SqlStatement, T, SqlResult>

/** `const { rows } = yield* query<{ id: string }>('SELECT id FROM …', [x])` — typed rows for one statement. */
export function* query<Row = Record<string, unknown>>(
  text: string,
  parameters: readonly unknown[],
): Generator<SqlStatement, SqlResult<Row>, SqlResult> {
  return (yield { text, parameters }) as SqlResult<Row>
}

/** Drives a work to its end, running each statement with `run`. */
export function runWorkSync<T>(work: SqlWork<T>, run: (statement: SqlStatement) => SqlResult): T {
  let step = work.next()
  while (!step.done) step = work.next(run(step.value))
  return step.value
}

export async function runWorkAsync<T>(
  work: SqlWork<T>,
  run: (statement: SqlStatement) => Promise<SqlResult>,
): Promise<T> {
  let step = work.next()
  while (!step.done) step = work.next(await run(step.value))
  return step.value
}
