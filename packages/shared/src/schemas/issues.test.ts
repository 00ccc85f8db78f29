import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type FieldIssue, toFieldIssues } from './issues'

function issuesOf(schema: z.ZodType, input: unknown): FieldIssue[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error)
}

function messageOf(schema: z.ZodType, input: unknown): string {
  const [issue, ...rest] = issuesOf(schema, input)
  expect(rest).toEqual([])
  return issue?.message ?? ''
}

describe('toFieldIssues', () => {
  it('names fields by dotted path, and the body as a whole as "body"', () => {
    const schema = z.object({ events: z.array(z.object({ name: z.string().max(3) })) })
    expect(issuesOf(schema, { events: [{ name: 'ok' }, { name: 'too long' }] })).toEqual([
      { field: 'events.1.name', message: 'must be at most 3 characters' },
    ])
    expect(issuesOf(schema, null)).toEqual([{ field: 'body', message: 'must be an object' }])
  })

  it('reports every issue, in order', () => {
    const schema = z.object({ a: z.string(), b: z.number() })
    expect(issuesOf(schema, {})).toEqual([
      { field: 'a', message: 'must be a string' },
      { field: 'b', message: 'must be a number' },
    ])
  })

  it('words size limits by what they count', () => {
    expect(messageOf(z.string().min(2), 'a')).toBe('must be at least 2 characters')
    expect(messageOf(z.string().min(1), '')).toBe('must not be empty')
    expect(messageOf(z.array(z.number()).max(1), [1, 2])).toBe('must be at most 1 item')
    expect(messageOf(z.array(z.number()).min(2), [1])).toBe('must be at least 2 items')
    expect(messageOf(z.set(z.number()).max(2), new Set([1, 2, 3]))).toBe('must be at most 2 items')
    expect(messageOf(z.number().max(10), 11)).toBe('must be at most 10')
    expect(messageOf(z.number().min(1), 0)).toBe('must be at least 1')
    expect(messageOf(z.number().lt(5), 5)).toBe('must be less than 5')
    expect(messageOf(z.number().positive(), 0)).toBe('must be greater than 0')
    expect(messageOf(z.bigint().max(3n), 4n)).toBe('must be at most 3')
  })

  it('words type and option issues', () => {
    expect(messageOf(z.int(), 1.5)).toBe('must be an integer')
    expect(messageOf(z.boolean(), 'yes')).toBe('must be a boolean')
    expect(messageOf(z.array(z.string()), 'a')).toBe('must be an array')
    expect(messageOf(z.record(z.string(), z.string()), 'a')).toBe('must be an object')
    expect(messageOf(z.null(), 0)).toBe('must be null')
    expect(messageOf(z.bigint(), 1)).toBe('must be bigint')
    expect(messageOf(z.literal('v1'), 'v2')).toBe("must be 'v1'")
    expect(messageOf(z.literal(2), 3)).toBe('must be 2')
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe("must be one of 'a', 'b'")
  })

  it('words unions by the types they allow, or says none matched', () => {
    expect(messageOf(z.union([z.string(), z.number()]), true)).toBe('must be a string or a number')
    expect(messageOf(z.union([z.string()]), 1)).toBe('must be a string')
    expect(messageOf(z.union([z.string(), z.number(), z.null()]), true)).toBe(
      'must be a string, a number or null',
    )
    const shapes = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })])
    expect(issuesOf(shapes, {})).toEqual([{ field: 'body', message: 'does not match any allowed form' }])
    expect(messageOf(z.xor([z.string(), z.string().min(1)]), 'a')).toBe('matches more than one allowed form')
    const tagged = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('a') }),
      z.object({ kind: z.literal(1) }),
    ])
    expect(issuesOf(tagged, { kind: 'b' })).toEqual([{ field: 'kind', message: "must be one of 'a', 1" }])
  })

  it('gives each unknown key an issue of its own', () => {
    expect(issuesOf(z.strictObject({ a: z.strictObject({}) }), { a: { b: 1, c: 2 } })).toEqual([
      { field: 'a.b', message: 'is not a known field' },
      { field: 'a.c', message: 'is not a known field' },
    ])
  })

  it('names a bad key of a record by the key', () => {
    expect(issuesOf(z.object({ m: z.record(z.string().max(2), z.number()) }), { m: { abc: 1 } })).toEqual([
      { field: 'm.abc', message: 'key must be at most 2 characters' },
    ])
  })

  it("keeps the schema's own message for custom and format rules", () => {
    expect(
      messageOf(
        z.string().refine((s) => s === s.toLowerCase(), 'must be lower case'),
        'A',
      ),
    ).toBe('must be lower case')
    expect(messageOf(z.email({ error: 'must be an e-mail address' }), 'nope')).toBe(
      'must be an e-mail address',
    )
    expect(messageOf(z.number().multipleOf(5, 'must be a multiple of 5'), 7)).toBe('must be a multiple of 5')
  })

  it('words issues alike whatever message zod produced', () => {
    expect(messageOf(z.string().max(1, 'Zu lang'), 'ab')).toBe('must be at most 1 character')
  })
})
