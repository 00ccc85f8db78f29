/**
 * An analytics read ran past its time budget and was stopped: on SQLite its reader thread was ended, on
 * PostgreSQL the server cancelled the statement. The API answers 503 with Retry-After; nothing was changed.
 */
export class ReadBudgetExceeded extends Error {
  readonly code = 'query_timeout'

  constructor(readonly budgetMs: number) {
    super(`the query ran past its time budget of ${budgetMs} ms`)
    this.name = 'ReadBudgetExceeded'
  }
}

/** A few seconds: an analyst waits that long for a chart; longer means the query needs a narrower range. */
export const DEFAULT_READ_BUDGET_MS = 5_000
