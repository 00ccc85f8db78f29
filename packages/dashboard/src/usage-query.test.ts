import { describe, expect, it } from 'vitest'
import { DEFAULT_USAGE_QUERY, parseUsageQuery, usageApiParams, usageLink, usageRange } from './usage-query'

describe('the usage page query in the URL', () => {
  it('reads every part, and falls back to the defaults for unknown values', () => {
    expect(parseUsageQuery({})).toEqual(DEFAULT_USAGE_QUERY)
    expect(parseUsageQuery({ period: '30d', by: 'day', who: 'accounts', segment: 'plan:pro' })).toEqual({
      range: '30d',
      unit: 'day',
      actor: 'accounts',
      segment: { trait: 'plan', value: 'pro' },
    })
    expect(parseUsageQuery({ period: '5y', by: 'hour', who: 'bots', segment: 'no colon' })).toEqual(
      DEFAULT_USAGE_QUERY,
    )
    // A trait name the API would refuse is dropped rather than sent.
    expect(parseUsageQuery({ segment: 'pl an:pro' }).segment).toBeUndefined()
    // The value may hold colons.
    expect(parseUsageQuery({ segment: 'tier:Pro: annual' }).segment).toEqual({
      trait: 'tier',
      value: 'Pro: annual',
    })
  })

  it('takes a range’s own default unit when the URL asks for one it does not offer', () => {
    expect(parseUsageQuery({ period: '30d', by: 'month' }).unit).toBe('day')
    expect(parseUsageQuery({ period: '12mo' }).unit).toBe('month')
    expect(parseUsageQuery({ period: '12mo', by: 'day' }).unit).toBe('month')
    expect(parseUsageQuery({ period: '12mo', by: 'week' }).unit).toBe('week')
  })

  it('writes links that leave out defaults and read back as the same query', () => {
    expect(usageLink(DEFAULT_USAGE_QUERY)).toBe('/app/usage')
    const query = parseUsageQuery({ period: '90d', by: 'day', who: 'accounts', segment: 'plan:pro' })
    const link = usageLink(query)
    expect(link).toBe('/app/usage?by=day&who=accounts&segment=plan%3Apro')
    expect(parseUsageQuery(Object.fromEntries(new URL(link, 'http://x').searchParams))).toEqual(query)
    expect(usageLink(query, { segment: undefined })).toBe('/app/usage?by=day&who=accounts')
  })

  it('keeps the unit across ranges that offer it, and otherwise takes the new range’s default', () => {
    const byWeek = parseUsageQuery({ period: '30d', by: 'week' })
    expect(usageLink(byWeek, { range: '12mo' })).toBe('/app/usage?period=12mo&by=week')
    const byDay = parseUsageQuery({ period: '90d', by: 'day' })
    expect(usageLink(byDay, { range: '12mo' })).toBe('/app/usage?period=12mo')
    expect(usageLink(byDay, { range: '30d' })).toBe('/app/usage?period=30d')
  })
})

describe('the range the usage page asks the API for', () => {
  // Wednesday 9 December 2026, 10:30 in Berlin (UTC+1).
  const now = Date.parse('2026-12-09T09:30:00Z')

  it('ends where the running period begins, in the project’s time zone', () => {
    expect(usageRange({ range: '30d', unit: 'day' }, now, 'Europe/Berlin')).toEqual({
      from: '2026-11-08T23:00:00.000Z',
      to: '2026-12-08T23:00:00.000Z',
    })
    // Thirteen whole ISO weeks before the Monday of this one.
    expect(usageRange({ range: '90d', unit: 'week' }, now, 'Europe/Berlin')).toEqual({
      from: '2026-09-06T22:00:00.000Z',
      to: '2026-12-06T23:00:00.000Z',
    })
    // Twelve whole months, the last November.
    expect(usageRange({ range: '12mo', unit: 'month' }, now, 'Europe/Berlin')).toEqual({
      from: '2025-11-30T23:00:00.000Z',
      to: '2026-11-30T23:00:00.000Z',
    })
  })

  it('counts local days: just after midnight in Tokyo is already the next day', () => {
    const tokyo = usageRange({ range: '30d', unit: 'day' }, Date.parse('2026-12-08T15:30:00Z'), 'Asia/Tokyo')
    expect(tokyo.to).toBe('2026-12-08T15:00:00.000Z')
  })

  it('gives the API its unit, the time zone and the segment', () => {
    const query = parseUsageQuery({ period: '30d', segment: 'plan:pro' })
    expect(usageApiParams(query, now, 'UTC')).toEqual({
      from: '2026-11-09T00:00:00.000Z',
      to: '2026-12-09T00:00:00.000Z',
      period: 'day',
      timeZone: 'UTC',
      segment: 'plan:pro',
    })
  })
})
