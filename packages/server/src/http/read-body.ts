import type { FastPath } from '@heed/shared/schemas/ingest-fast-path'
import { toFieldIssues } from '@heed/shared/schemas/issues'
import type { Context } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth'
import { requestHeader } from './request-header'

const JSON_TYPES = /^(application\/json|text\/plain)\b/i

/**
 * Validates the JSON body that `limitBody` read. `text/plain` is accepted like JSON: browsers send it with
 * sendBeacon and fetch without a CORS preflight. A hot route also passes a `fast` checker (see
 * ingest-fast-path.ts): it returns the schema's output at a fraction of zod's cost, or undefined to leave
 * the body to the schema, which then names the field at fault.
 */
export function readBody<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  fast?: FastPath<z.output<S>>,
): z.output<S> {
  const json = readJson(c)
  return fast?.(json) ?? parseWith(schema, json, 'invalid_body')
}

/**
 * The body `limitBody` read, parsed as JSON but not yet validated. `anyContentType` is for routes whose
 * clients label JSON as something else (a Segment library sends it as `application/x-www-form-urlencoded`).
 */
export function readJson(c: Context<AppEnv>, { anyContentType = false } = {}): unknown {
  const type = requestHeader(c, 'content-type')
  if (!anyContentType && type !== undefined && type !== '' && !JSON_TYPES.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json or text/plain')
  }
  const text = c.get('bodyText')
  // Every route that reads a body must bound it: a missing limit is a bug, not a client error.
  if (text === undefined) throw new Error(`${c.req.method} ${c.req.path} reads a body without limitBody`)
  if (text.trim() === '')
    throw new ApiError(400, 'invalid_json', 'the body is empty', [{ field: 'body', message: 'is empty' }])
  return parseJsonText(text)
}

/**
 * JSON.parse behind one depth limit for every body: nesting is checked before anything parses, stringifies
 * or walks the value, all of which recurse and would run out of stack on a body nested thousands deep.
 */
export function parseJsonText(text: string): unknown {
  if (nestsDeeperThan(text)) {
    const message = `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`
    throw new ApiError(400, 'invalid_json', `body: ${message}`, [{ field: 'body', message }])
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON', [
      { field: 'body', message: 'is not valid JSON' },
    ])
  }
}

/** Validates query parameters (or any value) the same way, with `invalid_query` as the code. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: 'invalid_body' | 'invalid_query',
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = toFieldIssues(result.error)
  const first = issues[0]
  throw new ApiError(400, code, first ? `${first.field}: ${first.message}` : 'invalid input', issues)
}
