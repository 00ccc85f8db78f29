import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { toFieldIssues } from './issues'
import { ZProperties, ZTraits } from './json'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

function nested(levels: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < levels; i++) value = { x: value }
  return value
}

describe('ZTraits', () => {
  it('accepts flat scalars, null included', () => {
    const traits = { plan: 'pro', seats: 12, trial: false, churnedAt: null }
    expect(ZTraits.parse(traits)).toEqual(traits)
  })

  it('accepts any flat map within the limits', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 1000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    )
    const key = fc.string({ minLength: 1, maxLength: 100 }).filter((k) => k !== '__proto__')
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 50 }), (traits) => ZTraits.safeParse(traits).success),
    )
  })

  it('rejects nested values, long strings, bad keys and too many traits', () => {
    expect(messagesOf(ZTraits, { address: { city: 'Lisbon' } })).toEqual([
      'address: must be a string, a number, a boolean or null',
    ])
    expect(messagesOf(ZTraits, { bio: 'x'.repeat(1001) })).toEqual(['bio: must be at most 1000 characters'])
    expect(messagesOf(ZTraits, { score: Number.NaN })).toEqual([
      'score: must be a string, a number, a boolean or null',
    ])
    expect(messagesOf(ZTraits, { '': 1 })).toEqual([': key must not be empty'])
    expect(messagesOf(ZTraits, { ['k'.repeat(101)]: 1 })).toEqual([
      `${'k'.repeat(101)}: key must be at most 100 characters`,
    ])
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, i]))
    expect(messagesOf(ZTraits, many)).toEqual(['body: must have at most 50 keys'])
    expect(messagesOf(ZTraits, ['pro'])).toEqual(['body: must be an object'])
  })
})

describe('ZProperties', () => {
  it('accepts JSON nested up to three levels, the outer object included', () => {
    const properties = {
      plan: 'pro',
      price: 9.5,
      tags: ['a', 'b'],
      cart: { items: [1, 2], coupon: null },
      ok: true,
    }
    expect(ZProperties.parse(properties)).toEqual(properties)
    expect(ZProperties.parse(nested(3))).toEqual(nested(3))
    expect(ZProperties.parse({ rows: [[1], [2]] })).toEqual({ rows: [[1], [2]] })
    expect(ZProperties.parse(Object.create(null))).toEqual({})
  })

  it('names the container that nests too deep', () => {
    expect(messagesOf(ZProperties, nested(4))).toEqual([
      'x.x.x: must not nest objects and arrays more than 3 levels deep',
    ])
    expect(messagesOf(ZProperties, { list: [{ deep: [1] }] })).toEqual([
      'list.0.deep: must not nest objects and arrays more than 3 levels deep',
    ])
  })

  it('stays cheap on a very deep body', () => {
    expect(messagesOf(ZProperties, nested(100_000))).toEqual([
      'x.x.x: must not nest objects and arrays more than 3 levels deep',
    ])
  })

  it('rejects too many keys, long keys, long strings and long arrays where they occur', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, i]))
    expect(messagesOf(ZProperties, many)).toEqual(['body: must have at most 100 keys'])
    expect(messagesOf(ZProperties, { a: many })).toEqual(['a: must have at most 100 keys'])
    expect(messagesOf(ZProperties, { a: { ['k'.repeat(101)]: 1 } })).toEqual([
      `a.${'k'.repeat(101)}: key must be 1 to 100 characters`,
    ])
    expect(messagesOf(ZProperties, { '': 1 })).toEqual([': key must be 1 to 100 characters'])
    expect(messagesOf(ZProperties, { a: ['x'.repeat(1001)] })).toEqual([
      'a.0: must be at most 1000 characters',
    ])
    expect(messagesOf(ZProperties, { a: Array(51).fill(0) })).toEqual(['a: must be at most 50 items'])
  })

  it('rejects values JSON cannot carry', () => {
    const notJson = 'must be a string, a finite number, true, false, null, an array or an object'
    expect(
      messagesOf(ZProperties, { a: Number.POSITIVE_INFINITY, b: undefined, c: new Date(0), d: [1, () => 1] }),
    ).toEqual([`a: ${notJson}`, `b: ${notJson}`, `c: ${notJson}`, `d.1: ${notJson}`])
    expect(messagesOf(ZProperties, 'plan=pro')).toEqual(['body: must be an object'])
    expect(messagesOf(ZProperties, [1])).toEqual(['body: must be an object'])
  })

  it('rejects more than 8 KB of JSON, counting UTF-8 bytes', () => {
    const ascii = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, 'x'.repeat(1000)]))
    expect(messagesOf(ZProperties, ascii)).toEqual([
      'body: must be at most 8192 bytes as JSON (8 KB), got 9073',
    ])
    // Each set is under 8192 characters of JSON but over 8192 bytes: '€' takes 3 bytes, '😀' 4, 'é' 2.
    const strings = (count: number, text: string) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, text]))
    expect(messagesOf(ZProperties, strings(4, '€'.repeat(800)))).toEqual([
      'body: must be at most 8192 bytes as JSON (8 KB), got 9633',
    ])
    expect(messagesOf(ZProperties, strings(5, '😀'.repeat(450)))).toEqual([
      'body: must be at most 8192 bytes as JSON (8 KB), got 9041',
    ])
    expect(messagesOf(ZProperties, strings(6, 'é'.repeat(700)))).toEqual([
      'body: must be at most 8192 bytes as JSON (8 KB), got 8449',
    ])
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 6 }),
        (value) => typeof ZProperties.safeParse(value).success === 'boolean',
      ),
    )
  })
})
