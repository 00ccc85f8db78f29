import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ZDisplayPayload, ZEvent, ZEventBatch, ZIdentifyPayload, ZResponsePayload } from './ingest'
import { toFieldIssues } from './issues'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

const anonymousId = 'anon_V1StGXR8'
const ids = { surveyId: 'srv_1', anonymousId }

describe('ZDisplayPayload', () => {
  const display = { id: 'disp_0001', ...ids, event: 'shown' }

  it('accepts a display and a dismissal', () => {
    expect(ZDisplayPayload.parse(display)).toEqual(display)
    const full = {
      ...display,
      event: 'dismissed',
      userId: 'u-42',
      url: 'https://app.example.com/billing?tab=plans',
      timestamp: '2024-05-01T12:00:00.123Z',
    }
    expect(ZDisplayPayload.parse(full)).toEqual(full)
  })

  it('drops keys it does not know, for older and newer widgets', () => {
    expect(ZDisplayPayload.parse({ ...display, viewport: '390x844' })).toEqual(display)
  })

  it('names the field at fault', () => {
    expect(messagesOf(ZDisplayPayload, { ...display, event: 'clicked' })).toEqual([
      "event: must be one of 'shown', 'dismissed'",
    ])
    expect(messagesOf(ZDisplayPayload, { ...display, surveyId: 'srv 1' })).toEqual([
      'surveyId: must contain only letters, digits, "_" and "-"',
    ])
    expect(messagesOf(ZDisplayPayload, { ...display, anonymousId: 'short' })).toEqual([
      'anonymousId: must be at least 8 characters',
    ])
    expect(messagesOf(ZDisplayPayload, { ...display, url: 'javascript:alert(1)' })).toEqual([
      'url: must be an absolute http(s) URL',
    ])
  })
})

describe('ZResponsePayload', () => {
  const response = { id: 'resp_0001', ...ids, score: 9 }

  it('accepts a score alone, a comment alone, or both with context', () => {
    expect(ZResponsePayload.parse(response)).toEqual(response)
    expect(ZResponsePayload.parse({ id: 'resp_0001', ...ids, comment: '  Great support!  ' })).toEqual({
      id: 'resp_0001',
      ...ids,
      comment: 'Great support!',
    })
    const full = {
      ...response,
      displayId: 'disp_0001',
      userId: 'u-42',
      accountId: 'acme',
      comment: 'Fast.',
      locale: 'pt-BR',
      url: 'https://app.example.com/',
      traits: { plan: 'pro', seats: 12 },
      timestamp: '2024-05-01T12:00:00+02:00',
    }
    expect(ZResponsePayload.parse(full)).toEqual(full)
    expect(ZResponsePayload.parse({ ...response, locale: 'pt_br' }).locale).toBe('pt-BR')
  })

  it('requires a score or a comment', () => {
    expect(messagesOf(ZResponsePayload, { id: 'resp_0001', ...ids })).toEqual([
      'body: must have a score or a comment',
    ])
  })

  it('bounds score and comment, leaving the scale of the survey to the server', () => {
    expect(ZResponsePayload.parse({ ...response, score: 0 }).score).toBe(0)
    expect(messagesOf(ZResponsePayload, { ...response, score: 11 })).toEqual(['score: must be at most 10'])
    expect(messagesOf(ZResponsePayload, { ...response, score: -1 })).toEqual(['score: must be at least 0'])
    expect(messagesOf(ZResponsePayload, { ...response, score: 7.5 })).toEqual(['score: must be an integer'])
    expect(messagesOf(ZResponsePayload, { ...response, score: '9' })).toEqual(['score: must be a number'])
    expect(messagesOf(ZResponsePayload, { ...response, comment: 'c'.repeat(10_000) })).toEqual([
      'comment: must be at most 5000 characters',
    ])
    expect(messagesOf(ZResponsePayload, { ...response, comment: '   ' })).toEqual([
      'comment: must not be empty',
    ])
  })

  it('names nested trait and locale problems', () => {
    expect(messagesOf(ZResponsePayload, { ...response, traits: { plan: { tier: 1 } } })).toEqual([
      'traits.plan: must be a string, a number, a boolean or null',
    ])
    expect(messagesOf(ZResponsePayload, { ...response, locale: 'Portuguese' })).toEqual([
      "locale: must be a locale tag such as 'en' or 'pt-BR'",
    ])
  })
})

describe('ZEvent and ZEventBatch', () => {
  const event = { id: 'evt_00001', name: 'invoice_paid', anonymousId, timestamp: '2024-05-01T12:00:00Z' }

  it('defaults the type to track and keeps properties and context', () => {
    expect(ZEvent.parse(event)).toEqual({ ...event, type: 'track' })
    const page = {
      ...event,
      type: 'page',
      name: 'Pricing',
      properties: { referrer: 'https://example.org/', ab: ['pricing-v2'] },
      userId: 'u-42',
      accountId: 'acme',
      sessionId: 'sess_0001',
      url: 'https://app.example.com/pricing',
    }
    expect(ZEvent.parse(page)).toEqual(page)
  })

  it('requires a timestamp and a name', () => {
    const { timestamp: _timestamp, ...untimed } = event
    expect(messagesOf(ZEvent, untimed)).toEqual(['timestamp: must be a string'])
    expect(messagesOf(ZEvent, { ...event, timestamp: '2024-05-01 12:00' })).toEqual([
      'timestamp: must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z',
    ])
    expect(messagesOf(ZEvent, { ...event, name: '' })).toEqual(['name: must not be empty'])
    expect(messagesOf(ZEvent, { ...event, type: 'identify' })).toEqual([
      "type: must be one of 'track', 'page'",
    ])
  })

  it('accepts 1 to 100 events', () => {
    expect(ZEventBatch.parse({ events: Array(100).fill(event) }).events).toHaveLength(100)
    expect(messagesOf(ZEventBatch, { events: Array(101).fill(event) })).toEqual([
      'events: must be at most 100 items',
    ])
    expect(messagesOf(ZEventBatch, { events: [] })).toEqual(['events: must not be empty'])
    expect(messagesOf(ZEventBatch, [event])).toEqual(['body: must be an object'])
  })

  it('names the event and the field at fault', () => {
    const events = [event, event, event, { ...event, name: 'n'.repeat(201) }]
    expect(messagesOf(ZEventBatch, { events })).toEqual(['events.3.name: must be at most 200 characters'])
    const deep = { ...event, properties: { a: { b: { c: { d: 1 } } } } }
    expect(messagesOf(ZEventBatch, { events: [deep] })).toEqual([
      'events.0.properties.a.b.c: must not nest objects and arrays more than 3 levels deep',
    ])
  })
})

describe('ZIdentifyPayload', () => {
  it('ties an anonymous visitor to a person and an account', () => {
    const identify = {
      anonymousId,
      userId: 'u-42',
      traits: { email: 'ana@example.com', role: 'admin' },
      account: { id: 'acme', traits: { plan: 'pro' } },
      timestamp: '2024-05-01T12:00:00Z',
    }
    expect(ZIdentifyPayload.parse(identify)).toEqual(identify)
    expect(ZIdentifyPayload.parse({ anonymousId, userId: 'u-42' })).toEqual({ anonymousId, userId: 'u-42' })
  })

  it('names the field at fault', () => {
    expect(messagesOf(ZIdentifyPayload, { anonymousId })).toEqual(['userId: must be a string'])
    expect(messagesOf(ZIdentifyPayload, { anonymousId, userId: 'u-42', account: { id: ' ' } })).toEqual([
      'account.id: must not be empty',
    ])
    const traits = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, i]))
    expect(
      messagesOf(ZIdentifyPayload, { anonymousId, userId: 'u-42', account: { id: 'acme', traits } }),
    ).toEqual(['account.traits: must have at most 50 keys'])
  })
})
