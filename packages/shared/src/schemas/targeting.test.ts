import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { toFieldIssues } from './issues'
import { ZTargeting, ZTrigger, ZUrlRule } from './targeting'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

const pageview = { type: 'pageview' } as const

describe('ZUrlRule', () => {
  it('accepts the four plain matchers', () => {
    for (const op of ['equals', 'startsWith', 'contains', 'glob'] as const) {
      expect(ZUrlRule.parse({ op, value: '/pricing' })).toEqual({ op, value: '/pricing' })
    }
  })

  it('has no regex matcher, and bounds the pattern', () => {
    expect(messagesOf(ZUrlRule, { op: 'regex', value: '^/a+$' })).toEqual([
      "op: must be one of 'equals', 'startsWith', 'contains', 'glob'",
    ])
    expect(messagesOf(ZUrlRule, { op: 'glob', value: '' })).toEqual(['value: must not be empty'])
    expect(messagesOf(ZUrlRule, { op: 'glob', value: `/${'a'.repeat(2048)}` })).toEqual([
      'value: must be at most 2048 characters',
    ])
  })
})

describe('ZTrigger', () => {
  it('accepts page views with or without a URL rule, and events with conditions', () => {
    const triggers = [
      pageview,
      { type: 'pageview', url: { op: 'glob', value: 'https://app.example.com/projects/*' } },
      { type: 'event', name: 'invoice_paid' },
      { type: 'event', name: 'invoice_paid', where: [{ property: 'amount', op: 'gte', value: 100 }] },
    ]
    for (const trigger of triggers) expect(ZTrigger.parse(trigger)).toEqual(trigger)
  })

  it('names the field at fault', () => {
    expect(messagesOf(ZTrigger, { type: 'click' })).toEqual(["type: must be one of 'pageview', 'event'"])
    expect(messagesOf(ZTrigger, { type: 'event', name: '' })).toEqual(['name: must not be empty'])
    expect(messagesOf(ZTrigger, { type: 'pageview', name: 'x' })).toEqual(['name: is not a known field'])
    const where = Array.from({ length: 11 }, () => ({ property: 'a', op: 'exists' }))
    expect(messagesOf(ZTrigger, { type: 'event', name: 'x', where })).toEqual([
      'where: must be at most 10 items',
    ])
    expect(messagesOf(ZTrigger, { type: 'event', name: 'x', where: [{ property: 'a', op: 'gt' }] })).toEqual([
      'where.0.value: must be a number',
    ])
  })
})

describe('ZTargeting', () => {
  it('fills in the defaults: no delay, everyone, once, never again', () => {
    expect(ZTargeting.parse({ triggers: [pageview] })).toEqual({
      triggers: [pageview],
      delaySeconds: 0,
      audience: [],
      samplePercent: 100,
      displayLimit: 1,
      recurEveryDays: null,
    })
  })

  it('keeps given values', () => {
    const targeting = {
      triggers: [pageview],
      delaySeconds: 30,
      audience: [{ source: 'account', trait: 'plan', op: 'in', value: ['pro', 'team'] }],
      samplePercent: 12.5,
      displayLimit: 3,
      recurEveryDays: 90,
    }
    expect(ZTargeting.parse(targeting)).toEqual(targeting)
  })

  it('enforces each limit on its own field', () => {
    const base = { triggers: [pageview] }
    expect(messagesOf(ZTargeting, { triggers: [] })).toEqual(['triggers: must not be empty'])
    expect(messagesOf(ZTargeting, { triggers: Array(11).fill(pageview) })).toEqual([
      'triggers: must be at most 10 items',
    ])
    expect(messagesOf(ZTargeting, { ...base, delaySeconds: 3601 })).toEqual([
      'delaySeconds: must be at most 3600',
    ])
    expect(messagesOf(ZTargeting, { ...base, delaySeconds: -1 })).toEqual([
      'delaySeconds: must be at least 0',
    ])
    expect(messagesOf(ZTargeting, { ...base, delaySeconds: 1.5 })).toEqual([
      'delaySeconds: must be an integer',
    ])
    const audience = Array(21).fill({ source: 'person', trait: 'x', op: 'exists' })
    expect(messagesOf(ZTargeting, { ...base, audience })).toEqual(['audience: must be at most 20 items'])
    expect(messagesOf(ZTargeting, { ...base, samplePercent: 101 })).toEqual([
      'samplePercent: must be at most 100',
    ])
    expect(messagesOf(ZTargeting, { ...base, displayLimit: 0 })).toEqual(['displayLimit: must be at least 1'])
    expect(messagesOf(ZTargeting, { ...base, displayLimit: 101 })).toEqual([
      'displayLimit: must be at most 100',
    ])
    expect(messagesOf(ZTargeting, { ...base, recurEveryDays: 0 })).toEqual([
      'recurEveryDays: must be at least 1',
    ])
    expect(messagesOf(ZTargeting, { ...base, recurEveryDays: 3651 })).toEqual([
      'recurEveryDays: must be at most 3650',
    ])
    expect(messagesOf(ZTargeting, { ...base, delay: 5 })).toEqual(['delay: is not a known field'])
  })
})
