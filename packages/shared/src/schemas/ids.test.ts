import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ZAccountId, ZClientId, ZPersonId, ZServerId } from './ids'
import { toFieldIssues } from './issues'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

describe('ZClientId', () => {
  it('accepts UUIDs, nanoids and other 8..64 URL-safe ids', () => {
    for (const id of [
      '3f2b6c1e-8d4a-4b7e-9c1a-2f5e6d7c8b9a',
      'V1StGXR8_Z5jdHi6B-myT',
      '12345678',
      'a'.repeat(64),
    ]) {
      expect(ZClientId.parse(id)).toBe(id)
    }
  })

  it('rejects ids that are too short, too long or not URL-safe', () => {
    expect(messagesOf(ZClientId, 'abc1234')).toEqual(['body: must be at least 8 characters'])
    expect(messagesOf(ZClientId, 'a'.repeat(65))).toEqual(['body: must be at most 64 characters'])
    expect(messagesOf(ZClientId, 'abc def 123')).toEqual([
      'body: must contain only letters, digits, "_" and "-"',
    ])
    expect(messagesOf(ZClientId, 12345678)).toEqual(['body: must be a string'])
  })
})

describe('ZServerId', () => {
  it('accepts short server ids like srv_1', () => {
    expect(ZServerId.parse('srv_1')).toBe('srv_1')
  })

  it('rejects empty, long and non-URL-safe ids', () => {
    expect(messagesOf(ZServerId, '')).toEqual(['body: must not be empty'])
    expect(messagesOf(ZServerId, 's'.repeat(65))).toEqual(['body: must be at most 64 characters'])
    expect(messagesOf(ZServerId, 'srv/1')).toEqual(['body: must contain only letters, digits, "_" and "-"'])
  })
})

describe('ZPersonId and ZAccountId', () => {
  it('trim the id and accept any printable text', () => {
    expect(ZPersonId.parse('  user@example.com ')).toBe('user@example.com')
    expect(ZAccountId.parse('Ünïcode Co. #42')).toBe('Ünïcode Co. #42')
  })

  it('reject blank, long and control-character ids', () => {
    expect(messagesOf(ZPersonId, '   ')).toEqual(['body: must not be empty'])
    expect(messagesOf(ZPersonId, 'x'.repeat(201))).toEqual(['body: must be at most 200 characters'])
    expect(messagesOf(ZAccountId, 'acme\u0000corp')).toEqual(['body: must not contain control characters'])
    expect(messagesOf(ZAccountId, 'acme\u0085corp')).toEqual(['body: must not contain control characters'])
  })
})
