import { TAGGER_VERSION } from '@heed/shared/text/tag-comment'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  fieldsOf,
  jsonOf,
  post,
  seedProject,
  type TestProject,
  testApp,
} from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { startRetagWorker } from '../../jobs/retag-worker'
import { createLogger } from '../../logger'

interface TagsJson {
  language: string
  supported: boolean
  sentiment: { label: string; score: number | null } | null
  themes: string[]
  corrected: { sentiment: boolean; themes: boolean; by: string | null }
  taggerVersion: string
}

describe.each(dialectCases())('comment tags API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject
  let other: TestProject

  const request = (project: TestProject, method: string, path: string, body?: unknown, headers = {}) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${project.secretKey}`,
        'content-type': 'application/json',
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const answer = (project: TestProject, id: string, fields: Record<string, unknown>) =>
    app.request(
      `/ingest/v1/responses?key=${project.project.publicKey}`,
      post({ id, surveyId: project.surveys.nps, anonymousId: `anon-${id}`, ...fields }),
    )
  const tagsOf = async (project: TestProject, id: string) =>
    (await jsonOf<{ tags: TagsJson | null }>(await request(project, 'GET', `/responses/${id}/tags`))).tags

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
  })
  afterAll(() => database.close())

  it('tags a comment on arrival and again when the comment changes', async () => {
    await answer(acme, 'resp-tag-1', { score: 2 })
    expect(await tagsOf(acme, 'resp-tag-1')).toBeNull()
    await answer(acme, 'resp-tag-1', {
      comment: 'Way too expensive and the dashboard takes forever to load 😡',
    })
    expect(await tagsOf(acme, 'resp-tag-1')).toMatchObject({
      language: 'en',
      supported: true,
      sentiment: { label: 'negative' },
      themes: ['pricing', 'performance'],
      corrected: { sentiment: false, themes: false, by: null },
      taggerVersion: TAGGER_VERSION,
    })
    // A detractor's score weighs in on sentiment: the happy comment comes with the changed score.
    await answer(acme, 'resp-tag-1', {
      score: 9,
      comment: 'Support sorted it out, thanks! Really happy now.',
    })
    expect(await tagsOf(acme, 'resp-tag-1')).toMatchObject({
      sentiment: { label: 'positive' },
      themes: ['support'],
    })
  })

  it('weighs the score given with a comment into its sentiment, and tags again when the score changes', async () => {
    const mixed = 'Love the interface, hate how slow the reports are.'
    await answer(acme, 'resp-tag-passive', { score: 7, comment: mixed })
    expect(await tagsOf(acme, 'resp-tag-passive')).toMatchObject({
      sentiment: { label: 'neutral' },
      themes: ['performance', 'usability'],
    })
    await answer(acme, 'resp-tag-passive', { score: 1 })
    expect(await tagsOf(acme, 'resp-tag-passive')).toMatchObject({ sentiment: { label: 'negative' } })
  })

  it('marks comments in other languages unsupported instead of scoring them', async () => {
    await answer(acme, 'resp-tag-de', { score: 3, comment: 'Die App ist leider viel zu langsam und teuer.' })
    expect(await tagsOf(acme, 'resp-tag-de')).toMatchObject({
      language: 'de',
      supported: false,
      sentiment: null,
      themes: [],
    })
  })

  it('shows language, sentiment and themes in the response listing and on one response', async () => {
    const { responses } = await jsonOf<{
      responses: { id: string; sentiment: string | null; themes: string[] }[]
    }>(await request(acme, 'GET', '/responses?hasComment=true'))
    expect(responses.find((r) => r.id === 'resp-tag-de')).toMatchObject({
      language: 'de',
      sentiment: null,
      themes: [],
    })
    expect(responses.find((r) => r.id === 'resp-tag-1')).toMatchObject({
      language: 'en',
      sentiment: 'positive',
      themes: ['support'],
    })
    const { response } = await jsonOf<{ response: Record<string, unknown> }>(
      await request(acme, 'GET', '/responses/resp-tag-1'),
    )
    expect(response).toMatchObject({ language: 'en', sentiment: 'positive', themes: ['support'] })
  })

  it('keeps a person’s correction over later automatic tagging and re-tags', async () => {
    await answer(acme, 'resp-tag-2', { score: 6, comment: 'It was fine I guess, exports are slow' })
    const corrected = await request(
      acme,
      'PUT',
      '/responses/resp-tag-2/tags',
      { sentiment: 'negative', themes: ['performance', 'usability', 'performance'] },
      { 'X-Heed-Actor': 'ann@acme.test' },
    )
    expect(corrected.status).toBe(200)
    expect((await jsonOf<{ tags: TagsJson }>(corrected)).tags).toMatchObject({
      sentiment: { label: 'negative', score: null },
      themes: ['performance', 'usability'],
      corrected: { sentiment: true, themes: true, by: 'ann@acme.test' },
    })

    await answer(acme, 'resp-tag-2', { comment: 'It was fine I guess, exports are slow. The price is ok.' })
    const retag = await request(acme, 'POST', '/retag')
    expect(retag.status).toBe(202)
    const { job } = await jsonOf<{ job: { id: string } }>(retag)
    const worker = startRetagWorker({ database, logger: createLogger('silent'), pollIntervalMs: 20 })
    try {
      await vi.waitFor(async () => {
        const { job: progress } = await jsonOf<{ job: { status: string } }>(
          await request(acme, 'GET', `/jobs/${job.id}`),
        )
        expect(progress.status).toBe('done')
      })
    } finally {
      await worker.stop()
    }
    expect(await tagsOf(acme, 'resp-tag-2')).toMatchObject({
      sentiment: { label: 'negative', score: null },
      themes: ['performance', 'usability'],
      corrected: { sentiment: true, themes: true },
    })
  })

  it('corrects one field and leaves the other automatic; the body’s `by` wins over the header', async () => {
    await answer(acme, 'resp-tag-3', { score: 9, comment: 'Love the Slack integration' })
    const res = await request(
      acme,
      'PUT',
      '/responses/resp-tag-3/tags',
      { themes: [], by: 'Bob' },
      { 'X-Heed-Actor': 'x' },
    )
    expect((await jsonOf<{ tags: TagsJson }>(res)).tags).toMatchObject({
      sentiment: { label: 'positive' },
      themes: [],
      corrected: { sentiment: false, themes: true, by: 'Bob' },
    })
  })

  it('takes a correction for a response without a comment', async () => {
    await answer(acme, 'resp-tag-4', { score: 1 })
    const res = await request(acme, 'PUT', '/responses/resp-tag-4/tags', { sentiment: 'negative', by: 'Ann' })
    expect(res.status).toBe(200)
    expect(await tagsOf(acme, 'resp-tag-4')).toMatchObject({ sentiment: { label: 'negative' }, themes: [] })
  })

  it.each([
    ['no author', {}, { sentiment: 'negative' }, 'by'],
    ['a bad author header', { 'X-Heed-Actor': '' }, { sentiment: 'negative' }, 'X-Heed-Actor'],
    ['nothing to correct', {}, { by: 'Ann' }, 'sentiment'],
    ['an unknown sentiment', {}, { sentiment: 'angry', by: 'Ann' }, 'sentiment'],
    ['a theme not in the taxonomy', {}, { themes: ['pricing', 'weather'], by: 'Ann' }, 'themes.1'],
    ['a theme key that is not a slug', {}, { themes: ['Pricing'], by: 'Ann' }, 'themes.0'],
  ])('refuses %s, naming the field', async (_what, headers, body, field) => {
    const res = await request(acme, 'PUT', '/responses/resp-tag-3/tags', body, headers)
    expect(res.status).toBe(400)
    expect(await fieldsOf(res)).toContain(field)
  })

  it('neither shows nor changes another project’s tags (404)', async () => {
    expect((await request(other, 'GET', '/responses/resp-tag-1/tags')).status).toBe(404)
    const res = await request(other, 'PUT', '/responses/resp-tag-1/tags', { sentiment: 'neutral', by: 'Eve' })
    expect(res.status).toBe(404)
    expect(await tagsOf(acme, 'resp-tag-1')).toMatchObject({ sentiment: { label: 'positive' } })
  })

  it('erases the tags with the person’s answers', async () => {
    await answer(acme, 'resp-tag-5', { score: 2, comment: 'Buggy', userId: 'erase-me@acme.test' })
    expect(await tagsOf(acme, 'resp-tag-5')).not.toBeNull()
    expect((await request(acme, 'DELETE', '/persons/erase-me%40acme.test')).status).toBe(200)
    const left = await database.db
      .selectFrom('response_tags')
      .select('response_id')
      .where('response_id', '=', 'resp-tag-5')
      .execute()
    expect(left).toEqual([])
  })
})
