import type { FieldIssue } from '@heed/shared/schemas/issues'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_query'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'not_found'
  | 'unknown_survey'
  | 'survey_not_active'
  | 'invalid_score'
  | 'conflict'
  | 'missing_rate'
  | 'invalid_signature'
  | 'rate_limited'
  | 'query_timeout'
  | 'internal'

/** An error the API answers with as JSON: `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const invalidField = (field: string, message: string, code: ErrorCode = 'invalid_body') =>
  new ApiError(400, code, `${field}: ${message}`, [{ field, message }])

/** A 409: the request is valid, but `field` conflicts with the state of what it would change. */
export const conflictOn = (field: string, message: string) =>
  new ApiError(409, 'conflict', `${field}: ${message}`, [{ field, message }])

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)

/** Seconds a client should wait before asking again for a query that ran past its budget. */
const QUERY_RETRY_AFTER_SECONDS = 10

/** The 503 for an analytics read stopped at its time budget: the server is fine, this query was too slow. */
export const queryTimedOut = (budgetMs: number) =>
  new ApiError(
    503,
    'query_timeout',
    `the query ran past its time budget of ${budgetMs} ms and was stopped; try again later or ask for a shorter range`,
    [],
    { 'Retry-After': String(QUERY_RETRY_AFTER_SECONDS) },
  )
