import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { jsonOf, post, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { startRetagWorker } from '../../jobs/retag-worker'
import { createLogger } from '../../logger'
import { retagChunkWork } from '../../store/jobs'

interface JobJson {
  id: string
  kind: string
  status: string
  done: number
  total: number
  progress: number
  finishedAt: string | null
}

const COMMENTS = 7

describe.each(dialectCases())('re-tag jobs on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject
  let other: TestProject
  const silent = createLogger('silent')

  const request = (project: TestProject, method: string, path: string) =>
    app.request(`/admin/v1${path}`, { method, headers: { authorization: `Bearer ${project.secretKey}` } })
  const jobOf = async (project: TestProject, id: string) =>
    (await jsonOf<{ job: JobJson }>(await request(project, 'GET', `/jobs/${id}`))).job
  const startJob = async (project: TestProject) => {
    const res = await request(project, 'POST', '/retag')
    expect(res.status).toBe(202)
    return (await jsonOf<{ job: JobJson }>(res)).job
  }
  const tagTimes = async () => {
    const rows = await database.db
      .selectFrom('response_tags')
      .select(['response_id', 'updated_at'])
      .where('project_id', '=', acme.project.id)
      .orderBy('response_id')
      .execute()
    return rows.map((row) => Number(row.updated_at))
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    for (let i = 0; i < COMMENTS; i++) {
      await app.request(
        `/ingest/v1/responses?key=${acme.project.publicKey}`,
        post({
          id: `resp-job-${i}`,
          surveyId: acme.surveys.nps,
          anonymousId: `anon-job-${i}`,
          comment: `Slow ${i}`,
        }),
      )
    }
    // An answer without a comment is not part of a re-tag.
    await app.request(
      `/ingest/v1/responses?key=${acme.project.publicKey}`,
      post({ id: 'resp-job-score', surveyId: acme.surveys.nps, anonymousId: 'anon-job-x', score: 9 }),
    )
  })
  afterAll(() => database.close())

  it('counts the comments to do and runs in chunks in the background until done', async () => {
    const job = await startJob(acme)
    expect(job).toMatchObject({ kind: 'retag', status: 'running', done: 0, total: COMMENTS, progress: 0 })
    const worker = startRetagWorker({ database, logger: silent, chunkSize: 3, pollIntervalMs: 20 })
    try {
      await vi.waitFor(async () => expect((await jobOf(acme, job.id)).status).toBe('done'))
    } finally {
      await worker.stop()
    }
    const done = await jobOf(acme, job.id)
    expect(done).toMatchObject({ done: COMMENTS, total: COMMENTS, progress: 1 })
    expect(done.finishedAt).not.toBeNull()
  })

  it('resumes after a restart from the last chunk it committed', async () => {
    const job = await startJob(acme)
    // The first server does one chunk of 3 at t=1000, then stops.
    const first = await database.transact((d) => retagChunkWork(d, job.id, 3, 1_000))
    expect(first).toBe('more')
    expect(await jobOf(acme, job.id)).toMatchObject({ status: 'running', done: 3, total: COMMENTS })

    // A new server (a new worker) finds the running job and goes on after the cursor at t=2000.
    const worker = startRetagWorker({
      database,
      logger: silent,
      chunkSize: 3,
      pollIntervalMs: 20,
      now: () => 2_000,
    })
    try {
      await vi.waitFor(async () => expect((await jobOf(acme, job.id)).status).toBe('done'))
    } finally {
      await worker.stop()
    }
    expect(await jobOf(acme, job.id)).toMatchObject({ done: COMMENTS, total: COMMENTS })
    // The first three were not done again.
    expect(await tagTimes()).toEqual([1_000, 1_000, 1_000, 2_000, 2_000, 2_000, 2_000])
  })

  it('starts a running re-tag over instead of running two', async () => {
    const job = await startJob(acme)
    await database.transact((d) => retagChunkWork(d, job.id, 3, 3_000))
    const again = await startJob(acme)
    expect(again).toMatchObject({ id: job.id, status: 'running', done: 0, total: COMMENTS })
    const finished = await database.transact((d) => retagChunkWork(d, job.id, 100, 4_000))
    expect(finished).toBe('finished')
    expect(await database.transact((d) => retagChunkWork(d, job.id, 100, 5_000))).toBe('not-running')
  })

  it('finishes at once with nothing to do, and shows a project only its own jobs', async () => {
    const job = await startJob(other)
    expect(job).toMatchObject({ total: 0, progress: 0 })
    expect(await database.transact((d) => retagChunkWork(d, job.id, 10, 1))).toBe('finished')
    expect(await jobOf(other, job.id)).toMatchObject({ status: 'done', progress: 1 })
    expect((await request(acme, 'GET', `/jobs/${job.id}`)).status).toBe(404)
    expect((await request(other, 'GET', '/jobs/job_nothing')).status).toBe(404)
  })

  it('tags each comment again with the score it came with', async () => {
    // A passive's mixed comment: negative from its words alone, neutral with its 8.
    await app.request(
      `/ingest/v1/responses?key=${other.project.publicKey}`,
      post({
        id: 'resp-job-passive',
        surveyId: other.surveys.nps,
        anonymousId: 'anon-job-passive',
        score: 8,
        comment: 'Love the interface, hate how slow the reports are.',
      }),
    )
    const sentiment = async () =>
      (
        await database.db
          .selectFrom('response_tags')
          .select('sentiment')
          .where('project_id', '=', other.project.id)
          .where('response_id', '=', 'resp-job-passive')
          .executeTakeFirstOrThrow()
      ).sentiment
    expect(await sentiment()).toBe('neutral')
    // As an older tagger, reading words alone, left it.
    await database.db
      .updateTable('response_tags')
      .set({ sentiment: 'negative' })
      .where('project_id', '=', other.project.id)
      .execute()
    const job = await startJob(other)
    expect(await database.transact((d) => retagChunkWork(d, job.id, 10, 6_000))).toBe('finished')
    expect(await sentiment()).toBe('neutral')
  })
})
