import type { z } from 'zod'

/** One problem with a request body, as the API reports it: `{ field: 'events.3.name', message: 'must not be empty' }`. */
export interface FieldIssue {
  /** Dotted path into the body; 'body' when the body as a whole is at fault. */
  field: string
  message: string
}

type Issue = z.core.$ZodIssue
type Path = readonly PropertyKey[]

/** How to count what a size limit measures, by the issue's origin; plain numbers have no unit. */
const UNITS: Record<string, { verb: string; one: string; many: string }> = {
  string: { verb: 'be', one: 'character', many: 'characters' },
  array: { verb: 'be', one: 'item', many: 'items' },
  set: { verb: 'be', one: 'item', many: 'items' },
  object: { verb: 'have', one: 'key', many: 'keys' },
  record: { verb: 'have', one: 'key', many: 'keys' },
  map: { verb: 'have', one: 'entry', many: 'entries' },
  file: { verb: 'be', one: 'byte', many: 'bytes' },
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
}

function fieldOf(path: Path): string {
  return path.length === 0 ? 'body' : path.map(String).join('.')
}

/** 'a, b or c' */
function listOf(words: readonly string[]): string {
  return words.join(', ').replace(/, ([^,]*)$/, ' or $1')
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value)
}

function sizeMessage(bound: 'at most' | 'at least', limit: number | bigint, origin: string): string {
  const unit = UNITS[origin]
  if (unit === undefined) return `must be ${bound} ${limit}`
  return `must ${unit.verb} ${bound} ${limit} ${Number(limit) === 1 ? unit.one : unit.many}`
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected
}

function unionMessage(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  if (issue.inclusive === false) return 'matches more than one allowed form'
  if (issue.options !== undefined && issue.options.length > 0) {
    return `must be one of ${issue.options.map(quote).join(', ')}`
  }
  const expected = issue.errors
    .flat()
    .map((option) =>
      option.code === 'invalid_type' && option.path.length === 0 ? typeName(option.expected) : undefined,
    )
  if (expected.length > 0 && expected.every((name) => name !== undefined))
    return `must be ${listOf(expected)}`
  return 'does not match any allowed form'
}

function messageOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${typeName(issue.expected)}`
    case 'too_big':
      if (issue.inclusive === false) return `must be less than ${issue.maximum}`
      return sizeMessage('at most', issue.maximum, issue.origin)
    case 'too_small':
      if (issue.inclusive === false) return `must be greater than ${issue.minimum}`
      if (Number(issue.minimum) === 1 && UNITS[issue.origin] !== undefined) return 'must not be empty'
      return sizeMessage('at least', issue.minimum, issue.origin)
    case 'invalid_value':
      if (issue.values.length === 1) return `must be ${quote(issue.values[0])}`
      return `must be one of ${issue.values.map(quote).join(', ')}`
    case 'invalid_union':
      return unionMessage(issue)
    default:
      return issue.message
  }
}

function collect(issue: Issue, prefix: Path, into: FieldIssue[]): void {
  const path = [...prefix, ...issue.path]
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys)
      into.push({ field: fieldOf([...path, key]), message: 'is not a known field' })
  } else if (issue.code === 'invalid_key') {
    const inner: FieldIssue[] = []
    for (const keyIssue of issue.issues) collect(keyIssue, [], inner)
    for (const { message } of inner) into.push({ field: fieldOf(path), message: `key ${message}` })
  } else {
    into.push({ field: fieldOf(path), message: messageOf(issue) })
  }
}

/**
 * The issues of a failed parse as the API reports them: one per problem, each naming its field by a dotted
 * path and saying what was expected ('must be at most 100 items'). Size, type and option issues are worded
 * here from the issue's data, so every endpoint reads alike whatever zod locale is configured; custom and
 * format issues keep the message their schema gave, since only the schema knows the rule. An unknown key
 * becomes an issue of its own, named by the key, so a typo points at itself.
 */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = []
  for (const issue of error.issues) collect(issue, [], issues)
  return issues
}
