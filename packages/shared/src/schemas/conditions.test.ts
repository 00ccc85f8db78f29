import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ZPropertyCondition, ZTraitCondition } from './conditions'
import { toFieldIssues } from './issues'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

describe('ZTraitCondition', () => {
  const trait = { source: 'person', trait: 'plan' } as const

  it('accepts each operator with the value it needs', () => {
    const valid = [
      { ...trait, op: 'exists' },
      { ...trait, op: 'notExists' },
      { ...trait, op: 'eq', value: 'pro' },
      { ...trait, op: 'neq', value: false },
      { ...trait, op: 'in', value: ['pro', 'team', 3] },
      { ...trait, op: 'notIn', value: [true] },
      { ...trait, op: 'gt', value: 10 },
      { ...trait, op: 'gte', value: 0 },
      { ...trait, op: 'lt', value: -1.5 },
      { ...trait, op: 'lte', value: 100 },
      { ...trait, op: 'contains', value: 'enterprise' },
      { source: 'account', trait: 'seats', op: 'gte', value: 10 },
    ]
    for (const condition of valid) expect(ZTraitCondition.parse(condition)).toEqual(condition)
  })

  it('names the value when it is missing or of the wrong kind for the operator', () => {
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'eq' })).toEqual([
      'value: must be a string, a number or a boolean',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'gt', value: '10' })).toEqual([
      'value: must be a number',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'in', value: 'pro' })).toEqual([
      'value: must be an array',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'in', value: [] })).toEqual([
      'value: must not be empty',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'in', value: Array(51).fill('x') })).toEqual([
      'value: must be at most 50 items',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'in', value: ['ok', { no: 1 }] })).toEqual([
      'value.1: must be a string, a number or a boolean',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'contains', value: '' })).toEqual([
      'value: must not be empty',
    ])
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'eq', value: 'x'.repeat(1001) })).toEqual([
      'value: must be at most 1000 characters',
    ])
  })

  it('refuses a value where the operator takes none', () => {
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'exists', value: 1 })).toEqual([
      'value: is not a known field',
    ])
  })

  it('names an unknown operator or source and a bad trait name', () => {
    expect(messagesOf(ZTraitCondition, { ...trait, op: 'matches', value: '.*' })).toEqual([
      "op: must be one of 'exists', 'notExists', 'eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'contains'",
    ])
    expect(messagesOf(ZTraitCondition, { source: 'company', trait: 'plan', op: 'exists' })).toEqual([
      "source: must be one of 'person', 'account'",
    ])
    expect(messagesOf(ZTraitCondition, { source: 'person', trait: '', op: 'exists' })).toEqual([
      'trait: must not be empty',
    ])
  })
})

describe('ZPropertyCondition', () => {
  it('tests a named property', () => {
    const condition = { property: 'plan', op: 'eq', value: 'pro' }
    expect(ZPropertyCondition.parse(condition)).toEqual(condition)
  })

  it('names a missing or overlong property', () => {
    expect(messagesOf(ZPropertyCondition, { op: 'exists' })).toEqual(['property: must be a string'])
    expect(messagesOf(ZPropertyCondition, { property: 'p'.repeat(101), op: 'exists' })).toEqual([
      'property: must be at most 100 characters',
    ])
  })
})
