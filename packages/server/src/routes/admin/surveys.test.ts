import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  fieldsOf,
  jsonOf,
  post,
  seedProject,
  type TestProject,
  testApp,
} from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'

interface SurveyJson {
  id: string
  name: string
  kind: string
  status: string
  defaultLocale: string
  question: Record<string, string>
  thankYou?: Record<string, string>
  appearance: { position: string; brandColor: string; theme: string }
  createdAt: string
  updatedAt: string
}

const newSurvey = (overrides: Record<string, unknown> = {}) => ({
  name: 'Onboarding NPS',
  kind: 'nps',
  defaultLocale: 'en',
  question: { en: 'How likely are you to recommend us?', de: 'Wie wahrscheinlich…?' },
  followUp: { default: { en: 'Why?', de: 'Warum?' } },
  thankYou: { en: 'Thanks!' },
  targeting: { triggers: [{ type: 'pageview' }] },
  ...overrides,
})

describe.each(dialectCases())('admin surveys API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
  })
  afterAll(() => database.close())

  const send = (method: string, path: string, body?: unknown, key = acme.secretKey) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })

  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await send('POST', '/surveys', newSurvey(overrides))
    expect(response.status).toBe(201)
    return (await jsonOf<{ survey: SurveyJson }>(response)).survey
  }

  const answer = (surveyId: string, id: string, score: number) =>
    app.request(
      `/ingest/v1/responses?key=${acme.project.publicKey}`,
      post({ id, surveyId, anonymousId: 'anon_admin_01', score }),
    )

  it('creates a survey with its defaults filled in and reads it back', async () => {
    const survey = await create()
    expect(survey).toMatchObject({
      id: expect.stringMatching(/^srv_/),
      name: 'Onboarding NPS',
      kind: 'nps',
      status: 'draft',
      appearance: { position: 'bottom-right', brandColor: '#4f46e5', theme: 'auto' },
    })
    expect(new Date(survey.createdAt).toISOString()).toBe(survey.createdAt)
    expect(survey.updatedAt).toBe(survey.createdAt)

    const read = await send('GET', `/surveys/${survey.id}`)
    expect(read.status).toBe(200)
    expect((await jsonOf<{ survey: SurveyJson }>(read)).survey).toEqual(survey)
  })

  it('lists the project’s surveys, filtered by status and kind', async () => {
    const draft = await create({ kind: 'csat', name: 'Support CSAT' })
    const all = await jsonOf<{ surveys: SurveyJson[] }>(await send('GET', '/surveys'))
    expect(all.surveys.map((s) => s.id)).toEqual(expect.arrayContaining([draft.id, acme.surveys.nps]))

    const drafts = await jsonOf<{ surveys: SurveyJson[] }>(
      await send('GET', '/surveys?status=draft&kind=csat'),
    )
    expect(drafts.surveys.map((s) => s.id)).toEqual([draft.id])
    const activeCes = await jsonOf<{ surveys: SurveyJson[] }>(
      await send('GET', '/surveys?status=active&kind=ces'),
    )
    expect(activeCes.surveys.map((s) => s.id)).toEqual([acme.surveys.ces])
  })

  it.each([
    ['an unknown status', '?status=live', 'status'],
    ['an unknown kind', '?kind=stars', 'kind'],
    ['an unknown parameter', '?state=active', 'state'],
  ])('refuses a list query with %s, naming the parameter', async (_label, query, field) => {
    const response = await send('GET', `/surveys${query}`)
    expect(response.status).toBe(400)
    expect((await jsonOf<ErrorJson>(response.clone())).error.code).toBe('invalid_query')
    expect(await fieldsOf(response)).toEqual([field])
  })

  it.each([
    ['a text without the default locale', { question: { de: 'Wie…?' } }, 'question'],
    ['a misspelt field', { nmae: 'x' }, 'nmae'],
    ['an unknown kind', { kind: 'stars' }, 'kind'],
    ['a bad colour', { appearance: { brandColor: 'blue' } }, 'appearance.brandColor'],
    [
      'a schedule that ends before it starts',
      { schedule: { startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' } },
      'schedule.endsAt',
    ],
  ])('refuses to create a survey with %s, naming the field', async (_label, change, field) => {
    const before = await database.db.selectFrom('surveys').select('id').execute()
    const response = await send('POST', '/surveys', newSurvey(change))
    expect(response.status).toBe(400)
    expect(await fieldsOf(response)).toContain(field)
    expect(await database.db.selectFrom('surveys').select('id').execute()).toHaveLength(before.length)
  })

  it('refuses malformed JSON, an empty body and an oversized one', async () => {
    expect(await fieldsOf(await send('POST', '/surveys', '{"name":'))).toEqual(['body'])
    expect((await send('POST', '/surveys', '')).status).toBe(400)
    const huge = await send('POST', '/surveys', newSurvey({ name: 'x'.repeat(2 * 1024 * 1024) }))
    expect(huge.status).toBe(413)
  })

  it('merges a patch over the stored survey and removes a text given as null', async () => {
    const survey = await create()
    const response = await send('PATCH', `/surveys/${survey.id}`, {
      name: 'Renamed',
      appearance: { theme: 'dark' },
      thankYou: null,
    })
    expect(response.status).toBe(200)
    const patched = (await jsonOf<{ survey: SurveyJson }>(response)).survey
    expect(patched).toMatchObject({ name: 'Renamed', question: survey.question, kind: 'nps' })
    // A given field replaces the stored one whole, with its own defaults.
    expect(patched.appearance).toEqual({ position: 'bottom-right', brandColor: '#4f46e5', theme: 'dark' })
    expect(patched).not.toHaveProperty('thankYou')
    expect(patched.createdAt).toBe(survey.createdAt)
    const read = await jsonOf<{ survey: SurveyJson }>(await send('GET', `/surveys/${survey.id}`))
    expect(read.survey).toEqual(patched)
  })

  it('checks the merged survey, naming the field a patch breaks', async () => {
    const survey = await create({ thankYou: undefined })
    // Every text has German, so German may become the default; a new text must then have German too.
    expect((await send('PATCH', `/surveys/${survey.id}`, { defaultLocale: 'de' })).status).toBe(200)
    const broken = await send('PATCH', `/surveys/${survey.id}`, { thankYou: { en: 'Thanks!' } })
    expect(broken.status).toBe(400)
    expect(await fieldsOf(broken)).toEqual(['thankYou'])
    expect(await fieldsOf(await send('PATCH', `/surveys/${survey.id}`, {}))).toEqual(['body'])
    expect(await fieldsOf(await send('PATCH', `/surveys/${survey.id}`, { kind: 'stars' }))).toEqual(['kind'])
    const read = await jsonOf<{ survey: SurveyJson }>(await send('GET', `/surveys/${survey.id}`))
    expect(read.survey).not.toHaveProperty('thankYou')
  })

  it('changes the kind of an unanswered survey, and refuses once it has responses', async () => {
    const survey = await create()
    const changed = await send('PATCH', `/surveys/${survey.id}`, { kind: 'csat', status: 'active' })
    expect((await jsonOf<{ survey: SurveyJson }>(changed)).survey.kind).toBe('csat')
    const csat = await jsonOf<{ surveys: SurveyJson[] }>(
      await send('GET', '/surveys?kind=csat&status=active'),
    )
    expect(csat.surveys.map((s) => s.id)).toContain(survey.id)

    expect((await answer(survey.id, 'resp_admin_kind1', 4)).status).toBe(201)
    const refused = await send('PATCH', `/surveys/${survey.id}`, { kind: 'nps', name: 'NPS now' })
    expect(refused.status).toBe(409)
    expect((await jsonOf<ErrorJson>(refused.clone())).error.code).toBe('conflict')
    expect(await fieldsOf(refused)).toEqual(['kind'])
    const read = await jsonOf<{ survey: SurveyJson }>(await send('GET', `/surveys/${survey.id}`))
    expect(read.survey).toMatchObject({ kind: 'csat', name: survey.name })
    // Naming the kind it already has is no change.
    expect((await send('PATCH', `/surveys/${survey.id}`, { kind: 'csat', name: 'Still CSAT' })).status).toBe(
      200,
    )
  })

  it('moves a survey through its statuses, and archived is final', async () => {
    const survey = await create()
    const statusAfter = async (action: string) => {
      const response = await send('POST', `/surveys/${survey.id}/${action}`)
      return response.status === 200
        ? (await jsonOf<{ survey: SurveyJson }>(response)).survey.status
        : response.status
    }
    expect(await statusAfter('pause')).toBe(409)
    expect(await statusAfter('activate')).toBe('active')
    expect(await statusAfter('activate')).toBe('active')
    expect(await statusAfter('pause')).toBe('paused')
    expect(await statusAfter('activate')).toBe('active')
    expect((await answer(survey.id, 'resp_admin_arch1', 9)).status).toBe(201)
    expect(await statusAfter('archive')).toBe('archived')
    expect(await statusAfter('archive')).toBe('archived')

    const reactivate = await send('POST', `/surveys/${survey.id}/activate`)
    expect(reactivate.status).toBe(409)
    expect(await fieldsOf(reactivate)).toEqual(['status'])
    expect(await statusAfter('pause')).toBe(409)
    const patched = await send('PATCH', `/surveys/${survey.id}`, { status: 'active' })
    expect(patched.status).toBe(409)
    expect(await fieldsOf(patched)).toEqual(['status'])

    const responses = await database.db
      .selectFrom('responses')
      .select('id')
      .where('survey_id', '=', survey.id)
      .execute()
    expect(responses).toHaveLength(1)
    const rollups = await database.db
      .selectFrom('response_rollups')
      .select('c9')
      .where('survey_id', '=', survey.id)
      .execute()
    expect(rollups.reduce((sum, row) => sum + Number(row.c9), 0)).toBe(1)
  })

  it('stops serving a paused survey to the widget at once', async () => {
    const config = async () => {
      const response = await app.request(`/ingest/v1/config?key=${acme.project.publicKey}`)
      return (await jsonOf<{ surveys: { id: string }[] }>(response)).surveys.map((s) => s.id)
    }
    expect(await config()).toContain(acme.surveys.ces)
    expect((await send('POST', `/surveys/${acme.surveys.ces}/pause`)).status).toBe(200)
    expect(await config()).not.toContain(acme.surveys.ces)
    expect((await send('POST', `/surveys/${acme.surveys.ces}/activate`)).status).toBe(200)
    expect(await config()).toContain(acme.surveys.ces)
  })

  it('answers 404 for a survey that does not exist', async () => {
    for (const [method, path, body] of [
      ['GET', '/surveys/srv_missing', undefined],
      ['PATCH', '/surveys/srv_missing', { name: 'x' }],
      ['POST', '/surveys/srv_missing/archive', undefined],
    ] as const) {
      const response = await send(method, path, body)
      expect(response.status).toBe(404)
      expect((await jsonOf<ErrorJson>(response)).error.code).toBe('not_found')
    }
  })

  it("never lets another project's key see or change a survey (404, as if it did not exist)", async () => {
    const id = acme.surveys.nps
    const before = await jsonOf<{ survey: SurveyJson }>(await send('GET', `/surveys/${id}`))
    const attempts = [
      ['GET', `/surveys/${id}`, undefined],
      ['PATCH', `/surveys/${id}`, { name: 'Hijacked' }],
      ['POST', `/surveys/${id}/pause`, undefined],
      ['POST', `/surveys/${id}/activate`, undefined],
      ['POST', `/surveys/${id}/archive`, undefined],
    ] as const
    for (const [method, path, body] of attempts) {
      expect((await send(method, path, body, other.secretKey)).status).toBe(404)
    }
    const theirs = await jsonOf<{ surveys: SurveyJson[] }>(
      await send('GET', '/surveys', undefined, other.secretKey),
    )
    expect(theirs.surveys.map((s) => s.id).sort()).toEqual(Object.values(other.surveys).sort())
    const after = await jsonOf<{ survey: SurveyJson }>(await send('GET', `/surveys/${id}`))
    expect(after).toEqual(before)
  })

  it('refuses a request without a valid secret key', async () => {
    expect((await app.request('/admin/v1/surveys')).status).toBe(401)
    expect((await send('GET', '/surveys', undefined, 'sk_not_a_key')).status).toBe(401)
    expect((await send('GET', '/surveys', undefined, acme.project.publicKey)).status).toBe(401)
  })
})
