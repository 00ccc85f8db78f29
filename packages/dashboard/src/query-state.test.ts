import { describe, expect, it } from 'vitest'
import { DEFAULT_QUERY, linkTo, parseQuery, periodRange, queryParams } from './query-state'

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
