import { describe, expect, it } from 'vitest'
import {
  DEFAULT_QUERY,
  DEFAULT_REVENUE_QUERY,
  linkTo,
  parseQuery,
  parseReportMonth,
  parseRevenueQuery,
  periodRange,
  queryParams,
  responseFilter,
  revenueLink,
  revenueRange,
  shiftMonth,
} from './query-state'

describe('the dashboard query in the URL', () => {
  it('reads every part, and falls back to the defaults for unknown values', () => {
    expect(parseQuery({})).toEqual(DEFAULT_QUERY)
    expect(
      parseQuery({ period: '90d', kind: 'csat', survey: 'srv_1', bucket: 'detractor', comment: 'yes' }),
    ).toEqual({
      period: '90d',
      kind: 'csat',
      surveyId: 'srv_1',
      bucket: 'detractor',
      hasComment: true,
    })
    expect(parseQuery({ period: '5y', kind: 'x', bucket: 'angry', survey: '<script>' })).toEqual(
      DEFAULT_QUERY,
    )
  })

  it('reads and writes the response filters: sentiment, theme and a segment', () => {
    const query = parseQuery({ sentiment: 'negative', theme: 'pricing', segment: 'account.plan:Pro: annual' })
    expect(query).toMatchObject({
      sentiment: 'negative',
      theme: 'pricing',
      segment: { name: 'account.plan', value: 'Pro: annual' },
    })
    expect(parseQuery(queryParams(query))).toEqual(query)
    expect(parseQuery({ sentiment: 'angry', theme: 'a b', segment: 'no-colon' })).toEqual(DEFAULT_QUERY)
    expect(parseQuery({ segment: ':pro' })).toEqual(DEFAULT_QUERY)
  })

  it('gives the API the filters of the list, the same for its CSV', () => {
    const now = Date.UTC(2026, 11, 7, 12)
    const query = parseQuery({
      period: '7d',
      survey: 'srv_1',
      bucket: 'detractor',
      comment: 'yes',
      sentiment: 'negative',
      theme: 'pricing',
      segment: 'plan:pro',
    })
    expect(responseFilter(query, now)).toEqual({
      from: '2026-11-30T12:00:00.000Z',
      surveyId: 'srv_1',
      bucket: 'detractor',
      hasComment: 'true',
      sentiment: 'negative',
      theme: 'pricing',
      'trait.plan': 'pro',
    })
    expect(responseFilter(DEFAULT_QUERY, now)).toEqual({
      from: '2026-11-07T12:00:00.000Z',
      surveyId: undefined,
      bucket: undefined,
      hasComment: undefined,
      sentiment: undefined,
      theme: undefined,
    })
  })

  it('writes the same query back, without the defaults', () => {
    const query = parseQuery({ period: '7d', bucket: 'promoter' })
    expect(queryParams(query)).toEqual({ period: '7d', bucket: 'promoter' })
    expect(parseQuery(queryParams(query))).toEqual(query)
    expect(queryParams(DEFAULT_QUERY)).toEqual({})
  })

  it('makes links that change one part and keep the rest', () => {
    const query = parseQuery({ period: '90d', bucket: 'detractor' })
    expect(linkTo('/app/responses', query, { hasComment: true })).toBe(
      '/app/responses?period=90d&bucket=detractor&comment=yes',
    )
    expect(linkTo('/app/responses', query, { bucket: undefined })).toBe('/app/responses?period=90d')
    expect(linkTo('/app/', query, { period: '30d', bucket: undefined })).toBe('/app/')
  })

  it('compares a period with the one just before it', () => {
    const now = Date.UTC(2026, 5, 30)
    const range = periodRange('30d', now)
    expect(range.current).toEqual({ from: '2026-05-31T00:00:00.000Z', to: '2026-06-30T00:00:00.000Z' })
    expect(range.previous).toEqual({ from: '2026-05-01T00:00:00.000Z', to: '2026-05-31T00:00:00.000Z' })
  })
})

describe('the revenue and report queries in the URL', () => {
  it('reads range, period and split, falling back to the defaults for anything else', () => {
    expect(parseRevenueQuery({})).toEqual(DEFAULT_REVENUE_QUERY)
    expect(parseRevenueQuery({ months: '36', period: 'quarter', split: 'plan' })).toEqual({
      months: '36',
      period: 'quarter',
      splitBy: 'plan',
    })
    expect(parseRevenueQuery({ months: '7', period: 'week', split: 'a b' })).toEqual(DEFAULT_REVENUE_QUERY)
  })

  it('makes links that change one part, keep the others and leave the defaults out', () => {
    const query = parseRevenueQuery({ months: '24', split: 'owner' })
    expect(revenueLink(query)).toBe('/app/revenue?months=24&split=owner')
    expect(revenueLink(query, { period: 'quarter' })).toBe(
      '/app/revenue?months=24&period=quarter&split=owner',
    )
    expect(revenueLink(query, { splitBy: undefined })).toBe('/app/revenue?months=24')
    expect(revenueLink(query, { months: '12', splitBy: undefined })).toBe('/app/revenue')
  })

  it('asks the API for the months from the middle of the first one to now', () => {
    const now = Date.parse('2026-12-07T03:00:00Z')
    expect(revenueRange('12', now)).toEqual({
      from: '2026-01-15T12:00:00.000Z',
      to: '2026-12-07T03:00:00.000Z',
    })
    expect(revenueRange('36', now).from).toBe('2024-01-15T12:00:00.000Z')
  })

  it('shows last month by default, and steps months across years', () => {
    const now = Date.parse('2027-01-03T10:00:00Z')
    expect(parseReportMonth(undefined, now)).toBe('2026-12')
    expect(parseReportMonth('2026-05', now)).toBe('2026-05')
    expect(parseReportMonth('2026-13', now)).toBe('2026-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
  })
})
