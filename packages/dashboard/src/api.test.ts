import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiFailure, api, startSession, withQuery } from './api'

const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })

describe('the API module', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('builds queries, repeating lists and leaving out what is undefined', () => {
    expect(withQuery('/x')).toBe('/x')
    expect(withQuery('/x', { status: ['open', 'contacted'], owner: undefined, limit: '5' })).toBe(
      '/x?status=open&status=contacted&limit=5',
    )
  })

  it('sends the session CSRF token on writes only', async () => {
    const fetch = vi.fn(async () => answer(200, { ok: true }))
    vi.stubGlobal('fetch', fetch)
    startSession('token-1', () => {})
    await api.get('/admin/v1/cases')
    await api.patch('/admin/v1/cases/c1', { status: 'contacted' })
    const headersOf = (call: number) =>
      (fetch.mock.calls[call] as unknown as [string, RequestInit])[1].headers
    expect(headersOf(0)).not.toHaveProperty('x-heed-csrf')
    expect(headersOf(1)).toMatchObject({ 'x-heed-csrf': 'token-1', 'content-type': 'application/json' })
  })

  it("throws the API's own message and fields, and reports an ended session", async () => {
    const signedOut = vi.fn()
    startSession('token-1', signedOut)
    vi.stubGlobal('fetch', async () =>
      answer(400, {
        error: {
          code: 'invalid_body',
          message: 'rootCause: is required to resolve a case',
          issues: [{ field: 'rootCause', message: 'is required' }],
        },
      }),
    )
    const refused = await api.patch('/admin/v1/cases/c1', { status: 'resolved' }).catch((error) => error)
    expect(refused).toBeInstanceOf(ApiFailure)
    expect(refused).toMatchObject({
      status: 400,
      message: 'rootCause: is required to resolve a case',
      fields: ['rootCause'],
    })
    expect(signedOut).not.toHaveBeenCalled()

    vi.stubGlobal('fetch', async () =>
      answer(401, { error: { code: 'unauthorized', message: 'not signed in' } }),
    )
    await expect(api.get('/admin/v1/cases')).rejects.toThrow('not signed in')
    expect(signedOut).toHaveBeenCalledOnce()
  })

  it('reads a text answer as text, and a refusal of it as the API error', async () => {
    const asked: string[] = []
    vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
      asked.push(`${path} ${(init.headers as Record<string, string>).accept}`)
      return new Response('# Customer-success report, 2026-11\n', { status: 200 })
    })
    expect(await api.getText('/admin/v1/reports/monthly/2026-11', { format: 'md' })).toBe(
      '# Customer-success report, 2026-11\n',
    )
    expect(asked).toEqual(['/admin/v1/reports/monthly/2026-11?format=md text/markdown'])
    vi.stubGlobal('fetch', async () =>
      answer(400, {
        error: { code: 'invalid_query', message: "month: the path must name a month as 'YYYY-MM'" },
      }),
    )
    await expect(api.getText('/admin/v1/reports/monthly/2026-13')).rejects.toMatchObject({
      status: 400,
      code: 'invalid_query',
    })
  })

  it('says when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(api.get('/auth/v1/me')).rejects.toMatchObject({ status: 0, code: 'network' })
  })
})
