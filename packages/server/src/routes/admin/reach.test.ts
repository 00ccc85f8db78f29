import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  jsonOf,
  post,
  seedProject,
  type TestProject,
  testApp,
} from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'

// Participation (in GET /scores/summary) and the top themes (GET /scores/themes), on hand-counted answers:
// NPS displays to a, b (identified as user-b), c and e (a twice, c dismissed); answers with a score from a,
// user-b and d (d was never shown one), and one from a to the CSAT survey that NPS must not count.
// Participation = 3 respondents / 4 people shown = 0.75.

const AT = Date.now() - 2 * 86_400_000
const iso = (offsetMinutes: number) => new Date(AT + offsetMinutes * 60_000).toISOString()

describe.each(dialectCases())('reach and themes on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  const ingest = async (project: TestProject, path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${project.project.publicKey}`, post(body))
    expect(response.status, await response.clone().text()).toBeLessThan(300)
  }
  const get = (path: string, parameters: Record<string, string>, key = acme.secretKey) =>
    app.request(`/admin/v1/scores/${path}?${new URLSearchParams(parameters)}`, {
      headers: { authorization: `Bearer ${key}` },
    })
  const range = { from: iso(-60), to: iso(60) }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
    const displays: [string, string, 'shown' | 'dismissed'][] = [
      ['disp_a_1', 'anon_a_person', 'shown'],
      ['disp_a_2', 'anon_a_person', 'shown'],
      ['disp_b_1', 'anon_b_person', 'shown'],
      ['disp_c_1', 'anon_c_person', 'dismissed'],
      ['disp_e_1', 'anon_e_person', 'shown'],
    ]
    for (const [index, [id, anonymousId, event]] of displays.entries()) {
      await ingest(acme, '/displays', {
        id,
        surveyId: acme.surveys.nps,
        anonymousId,
        event,
        timestamp: iso(index),
      })
    }
    const answers: [string, string, string | undefined, string, number, string | undefined][] = [
      ['resp_a_0001', 'anon_a_person', undefined, acme.surveys.nps, 9, 'Fair price and quick support'],
      ['resp_b_0001', 'anon_b_person', 'user-b', acme.surveys.nps, 3, 'Too expensive for what it does'],
      ['resp_d_0001', 'anon_d_person', undefined, acme.surveys.nps, 7, undefined],
      ['resp_a_csat', 'anon_a_person', undefined, acme.surveys.csat, 2, 'The price went up'],
    ]
    for (const [index, [id, anonymousId, userId, surveyId, score, comment]] of answers.entries()) {
      await ingest(acme, '/responses', {
        id,
        surveyId,
        anonymousId,
        ...(userId && { userId }),
        score,
        ...(comment && { comment }),
        timestamp: iso(10 + index),
      })
    }
    // The tags, set by a person so that the expected counts do not depend on the taggers.
    for (const [id, body] of [
      ['resp_a_0001', { sentiment: 'positive', themes: ['pricing', 'performance'] }],
      ['resp_b_0001', { sentiment: 'negative', themes: ['pricing'] }],
      ['resp_a_csat', { sentiment: 'negative', themes: ['pricing'] }],
    ] as const) {
      const response = await app.request(`/admin/v1/responses/${id}/tags`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${acme.secretKey}`,
          'content-type': 'application/json',
          'x-heed-actor': 'analyst@acme.test',
        },
        body: JSON.stringify(body),
      })
      expect(response.status).toBe(200)
    }
    // Another project's people and comments, which Acme's figures never count.
    await ingest(other, '/displays', {
      id: 'disp_other',
      surveyId: other.surveys.nps,
      anonymousId: 'anon_z_person',
      event: 'shown',
      timestamp: iso(1),
    })
    await ingest(other, '/responses', {
      id: 'resp_other',
      surveyId: other.surveys.nps,
      anonymousId: 'anon_z_person',
      score: 0,
      comment: 'Way too expensive',
      timestamp: iso(2),
    })
  })
  afterAll(() => database.close())

  it('counts participation as distinct people who answered over distinct people shown a survey', async () => {
    const response = await get('summary', { kind: 'nps', include: 'participation', ...range })
    expect(response.status).toBe(200)
    const body = await jsonOf<{ participation: unknown; responseRate: number }>(response)
    expect(body.participation).toEqual({ respondents: 3, shown: 4, rate: 0.75 })
    // Per display instead: 3 answers / 5 displays.
    expect(body.responseRate).toBe(0.6)
    const csat = await jsonOf<{ participation: unknown }>(
      await get('summary', { kind: 'csat', include: 'participation', ...range }),
    )
    expect(csat.participation).toEqual({ respondents: 1, shown: 0, rate: null })
    const empty = await jsonOf<{ participation: unknown }>(
      await get('summary', { kind: 'nps', include: 'participation', from: iso(-600), to: iso(-300) }),
    )
    expect(empty.participation).toEqual({ respondents: 0, shown: 0, rate: null })
  })

  it('leaves participation out of the summary unless asked, and names the field of a wrong include', async () => {
    const plain = await jsonOf<Record<string, unknown>>(await get('summary', { kind: 'nps', ...range }))
    expect(plain).not.toHaveProperty('participation')
    expect(plain.responseRate).toBe(0.6)
    const wrong = await get('summary', { kind: 'nps', include: 'everything', ...range })
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { error: { issues: { field: string }[] } }).error.issues[0]?.field).toBe(
      'include',
    )
  })

  it('lists the top themes of the comments, with their negative answers and share of comments', async () => {
    const response = await get('themes', { kind: 'nps', ...range })
    expect(response.status).toBe(200)
    const body = await jsonOf<{ comments: number; themes: unknown[] }>(response)
    expect(body.comments).toBe(2)
    expect(body.themes).toEqual([
      { theme: 'pricing', label: 'Pricing', answers: 2, negative: 1, share: 1 },
      { theme: 'performance', label: 'Performance', answers: 1, negative: 0, share: 0.5 },
    ])
    const one = await jsonOf<{ themes: { theme: string }[] }>(
      await get('themes', { kind: 'nps', limit: '1', ...range }),
    )
    expect(one.themes.map((theme) => theme.theme)).toEqual(['pricing'])
    const csat = await jsonOf<{ comments: number; themes: unknown[] }>(
      await get('themes', { surveyId: acme.surveys.csat, ...range }),
    )
    expect(csat).toMatchObject({
      comments: 1,
      themes: [{ theme: 'pricing', answers: 1, negative: 1, share: 1 }],
    })
    const theirs = await jsonOf<{ comments: number; themes: unknown[] }>(
      await get('themes', { kind: 'nps', ...range }, other.secretKey),
    )
    expect(theirs.comments).toBe(1)
  })

  it('refuses a limit out of range, naming it', async () => {
    for (const limit of ['0', '21', 'many']) {
      const response = await get('themes', { kind: 'nps', limit })
      expect(response.status).toBe(400)
      expect((await jsonOf<ErrorJson>(response)).error.message).toMatch(/^limit: /)
    }
  })
})
