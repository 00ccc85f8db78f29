import type { z } from 'zod'
import { invalidField } from '../errors'
import { parseWith } from './read-body'

/**
 * Validates query parameters (as `c.req.queries()` gives them) against a strict schema, so a misspelt
 * filter is refused rather than ignored into a wider result. Names listed as repeatable reach the schema
 * as a list; any other name given twice is refused, since picking one of the values would be a guess.
 */
export function readQuery<S extends z.ZodType>(
  parameters: Record<string, string[]>,
  schema: S,
  repeatable: readonly string[] = [],
): z.output<S> {
  const input: Record<string, string | string[]> = Object.create(null)
  for (const [name, values] of Object.entries(parameters)) {
    const [first] = values
    if (repeatable.includes(name)) input[name] = values
    else if (values.length === 1 && first !== undefined) input[name] = first
    else throw invalidField(name, 'must be given once', 'invalid_query')
  }
  return parseWith(schema, input, 'invalid_query')
}
