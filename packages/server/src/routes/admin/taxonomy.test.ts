import { DEFAULT_THEMES } from '@heed/shared/text/default-themes'
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

interface ThemeJson {
  key: string
  label: string
  keywords: string[]
  phrases: string[]
  excludes: string[]
  custom: boolean
}
interface JobJson {
  id: string
  status: string
  done: number
  total: number
}

describe.each(dialectCases())('taxonomy API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject
  let other: TestProject

  const request = (project: TestProject, method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${project.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
  const themes = async (project: TestProject) =>
    (await jsonOf<{ themes: ThemeJson[] }>(await request(project, 'GET', '/taxonomy'))).themes
  const answer = (project: TestProject, id: string, comment: string) =>
    app.request(
      `/ingest/v1/responses?key=${project.project.publicKey}`,
      post({ id, surveyId: project.surveys.nps, anonymousId: `anon-${id}`, score: 4, comment }),
    )
  const themesOf = async (project: TestProject, id: string) =>
    (await jsonOf<{ tags: { themes: string[] } }>(await request(project, 'GET', `/responses/${id}/tags`)))
      .tags.themes

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
  })
  afterAll(() => database.close())

  it('lists the default themes to start with', async () => {
    const listed = await themes(acme)
    expect(listed.map((theme) => theme.key)).toEqual(DEFAULT_THEMES.map((theme) => theme.key))
    expect(listed.every((theme) => !theme.custom)).toBe(true)
    expect(listed[0]).toMatchObject({ key: 'pricing', label: 'Pricing' })
  })

  it('adds a theme of the project’s own, replaces it, and re-tags existing comments each time', async () => {
    expect((await answer(acme, 'resp-tax-1', 'The iOS app crashes on launch')).status).toBe(201)
    expect((await answer(acme, 'resp-tax-2', 'Android widgets look dated')).status).toBe(201)
    expect(await themesOf(acme, 'resp-tax-1')).toEqual(['reliability'])

    const created = await request(acme, 'PUT', '/taxonomy/themes/mobile-app', {
      label: ' Mobile app ',
      keywords: ['iOS'],
      phrases: ['mobile app'],
    })
    expect(created.status).toBe(201)
    const body = await jsonOf<{ theme: ThemeJson; job: JobJson }>(created)
    expect(body.theme).toEqual({
      key: 'mobile-app',
      label: 'Mobile app',
      keywords: ['iOS'],
      phrases: ['mobile app'],
      excludes: [],
      custom: true,
    })
    expect(body.job).toMatchObject({ status: 'running', done: 0, total: 2 })
    expect((await themes(acme)).at(-1)).toEqual(body.theme)

    const worker = startRetagWorker({ database, logger: createLogger('silent'), pollIntervalMs: 20 })
    try {
      await vi.waitFor(async () =>
        expect(await themesOf(acme, 'resp-tax-1')).toEqual(['reliability', 'mobile-app']),
      )
      expect(await themesOf(acme, 'resp-tax-2')).toEqual([])

      const replaced = await request(acme, 'PUT', '/taxonomy/themes/mobile-app', {
        label: 'Mobile',
        keywords: ['ios', 'android'],
      })
      expect(replaced.status).toBe(200)
      await vi.waitFor(async () => expect(await themesOf(acme, 'resp-tax-2')).toEqual(['mobile-app']))
      const { job } = await jsonOf<{ job: JobJson }>(replaced)
      await vi.waitFor(async () => {
        const progress = await jsonOf<{ job: JobJson }>(await request(acme, 'GET', `/jobs/${job.id}`))
        expect(progress.job).toMatchObject({ status: 'done', done: 2, total: 2 })
      })

      const deleted = await request(acme, 'DELETE', '/taxonomy/themes/mobile-app')
      expect(deleted.status).toBe(200)
      expect(await jsonOf(deleted)).toMatchObject({ deleted: 'mobile-app', job: { status: 'running' } })
      await vi.waitFor(async () => expect(await themesOf(acme, 'resp-tax-2')).toEqual([]))
    } finally {
      await worker.stop()
    }
  })

  it('tags new comments with the project’s own themes on arrival', async () => {
    await request(acme, 'PUT', '/taxonomy/themes/exports', { label: 'Exports', keywords: ['export', 'csv'] })
    // A new app, as another server instance would be, has no cached taxonomy.
    const fresh = testApp(database)
    const sent = await fresh.request(
      `/ingest/v1/responses?key=${acme.project.publicKey}`,
      post({
        id: 'resp-tax-3',
        surveyId: acme.surveys.nps,
        anonymousId: 'anon-tax-3',
        comment: 'CSV export is slow',
      }),
    )
    expect(sent.status).toBe(201)
    expect(await themesOf(acme, 'resp-tax-3')).toEqual(['performance', 'exports'])
  })

  it('stores a comment and a keyword that are Object.prototype names ("constructor")', async () => {
    const theme = await request(acme, 'PUT', '/taxonomy/themes/builder', {
      label: 'Report builder',
      keywords: ['constructor', '__proto__', 'toString'],
    })
    expect(theme.status).toBe(201)
    expect((await jsonOf<{ theme: ThemeJson }>(theme)).theme.keywords).toEqual([
      'constructor',
      '__proto__',
      'toString',
    ])

    const fresh = testApp(database)
    const send = (body: Record<string, unknown>) =>
      fresh.request(
        `/ingest/v1/responses?key=${acme.project.publicKey}`,
        post({ surveyId: acme.surveys.nps, anonymousId: 'anon-tax-4', ...body }),
      )
    // The widget's order: the score first, then the same response again with its comment.
    expect((await send({ id: 'resp-tax-4', score: 6 })).status).toBe(201)
    const withComment = await send({
      id: 'resp-tax-4',
      score: 6,
      comment: 'The report CONSTRUCTOR is confusing',
    })
    expect(withComment.status).toBeLessThan(300)
    const tags = await jsonOf<{ tags: { sentiment: { label: string }; themes: string[] } }>(
      await request(acme, 'GET', '/responses/resp-tax-4/tags'),
    )
    expect(tags.tags.sentiment.label).toBe('negative')
    expect(tags.tags.themes).toEqual(['usability', 'builder'])

    const inOne = await send({ id: 'resp-tax-5', score: 3, comment: 'constructor hasOwnProperty valueOf' })
    expect(inOne.status).toBe(201)
    expect(await themesOf(acme, 'resp-tax-5')).toEqual(['builder'])
  })

  it.each([
    [
      'a key that is not a slug',
      '/taxonomy/themes/Mobile%20App',
      { label: 'x', keywords: ['y'] },
      400,
      'key',
    ],
    ['no keyword or phrase', '/taxonomy/themes/empty', { label: 'Empty' }, 400, 'keywords'],
    [
      'a keyword of two words',
      '/taxonomy/themes/two',
      { label: 'Two', keywords: ['mobile app'] },
      400,
      'keywords.0',
    ],
    ['a missing label', '/taxonomy/themes/nolabel', { keywords: ['x'] }, 400, 'label'],
    [
      'an unknown field',
      '/taxonomy/themes/extra',
      { label: 'X', keywords: ['x'], colour: 'red' },
      400,
      'colour',
    ],
    [
      'too many keywords',
      '/taxonomy/themes/many',
      { label: 'X', keywords: Array(201).fill('x') },
      400,
      'keywords',
    ],
    ['a default theme', '/taxonomy/themes/pricing', { label: 'Mine', keywords: ['x'] }, 409, 'key'],
  ])('refuses %s, naming the field', async (_what, path, body, status, field) => {
    const res = await request(acme, 'PUT', path, body)
    expect(res.status).toBe(status)
    expect(await fieldsOf(res)).toContain(field)
  })

  it('refuses to remove a default theme or one that does not exist', async () => {
    expect((await request(acme, 'DELETE', '/taxonomy/themes/pricing')).status).toBe(409)
    expect((await request(acme, 'DELETE', '/taxonomy/themes/nothing-here')).status).toBe(404)
  })

  it('keeps each project’s themes to itself', async () => {
    expect((await themes(other)).some((theme) => theme.key === 'exports')).toBe(false)
    expect((await request(other, 'DELETE', '/taxonomy/themes/exports')).status).toBe(404)
    const own = await request(other, 'PUT', '/taxonomy/themes/exports', {
      label: 'Of Other',
      keywords: ['zip'],
    })
    expect(own.status).toBe(201)
    expect((await themes(acme)).find((theme) => theme.key === 'exports')?.label).toBe('Exports')
  })
})
