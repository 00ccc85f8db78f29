import type { TTraitCondition } from '@heed/shared/schemas/conditions'
import { describe, expect, it } from 'vitest'
import { passes } from './conditions'

/** A condition on the person's 'plan' trait with this op and value. */
const on = (test: { op: TTraitCondition['op']; value?: unknown }) =>
  ({ source: 'person', trait: 'plan', ...test }) as TTraitCondition

describe('passes', () => {
  it.each([
    ['eq', 'pro', 'pro', true],
    ['eq', 'pro', 'free', false],
    ['eq', 10, '10', false],
    ['eq', true, true, true],
    ['neq', 'pro', 'free', true],
    ['neq', 'pro', 'pro', false],
    ['in', ['pro', 'team'], 'team', true],
    ['in', ['pro', 'team'], 'free', false],
    ['in', [1, 2], '1', false],
    ['notIn', ['pro', 'team'], 'free', true],
    ['notIn', ['pro', 'team'], 'pro', false],
    ['gt', 10, 11, true],
    ['gt', 10, 10, false],
    ['gte', 10, 10, true],
    ['gte', 10, 9, false],
    ['lt', 10, 9, true],
    ['lt', 10, 10, false],
    ['lte', 10, 10, true],
    ['lte', 10, 11, false],
    ['gt', 10, '11', false],
    ['lt', 10, true, false],
    ['contains', 'acme', 'team@acme.com', true],
    ['contains', 'acme', 'team@example.com', false],
    ['contains', '1', 100, false],
  ] as const)('%s %j on %j is %s', (op, value, actual, expected) => {
    expect(passes(actual, on({ op, value }))).toBe(expected)
  })

  it('exists for any present value, falsy ones too', () => {
    for (const actual of ['x', '', 0, false]) expect(passes(actual, on({ op: 'exists' }))).toBe(true)
    expect(passes(0, on({ op: 'notExists' }))).toBe(false)
  })

  it('treats undefined and null (known to be unset) as missing: only notExists passes', () => {
    for (const missing of [undefined, null]) {
      expect(passes(missing, on({ op: 'notExists' }))).toBe(true)
      expect(passes(missing, on({ op: 'exists' }))).toBe(false)
      expect(passes(missing, on({ op: 'neq', value: 'pro' }))).toBe(false)
      expect(passes(missing, on({ op: 'notIn', value: ['pro'] }))).toBe(false)
      expect(passes(missing, on({ op: 'lt', value: 10 }))).toBe(false)
      expect(passes(missing, on({ op: 'eq', value: 'pro' }))).toBe(false)
    }
  })
})
