import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { startRetagWorker } from '../../jobs/retag-worker'
import { createLogger } from '../../logger'
import { recordResponse } from '../../store/responses'

interface SegmentJson {
  trait: string
  status: 'ready' | 'backfilling'
  jobId: string | null
  readyAt: string | null
}

const AT = Date.parse('2026-10-14T10:00:00Z')

describe.each(dialectCases())('declared segments on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let app: ReturnType<typeof testApp>

  const send = (method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const trendByPlan = async () => {
    const response = await send(
      'GET',
      `/scores/trend?${new URLSearchParams({
        surveyId: acme.surveys.nps,
        period: 'day',
        from: '2026-10-12T00:00:00Z',
        to: '2026-10-19T00:00:00Z',
        splitBy: 'trait:plan',
      })}`,
    )
    expect(response.status).toBe(200)
    return ((await response.json()) as { segments: unknown[] }).segments
  }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    app = testApp(database)
    for (let i = 0; i < 12; i++) {
      await recordResponse(database, acme.project.id, {
        id: `resp_segment_${i}`,
        surveyId: acme.surveys.nps,
        kind: 'nps',
        anonymousId: `anon_segment_${i}`,
        score: i % 11,
        traits: i % 4 === 0 ? {} : { plan: i % 2 === 0 ? 'pro' : 'free' },
        at: AT + (i % 3) * 86_400_000,
      })
    }
  })
  afterAll(() => database?.close())

  it('refuses a segment that is not a trait name, naming the field, and changes nothing', async () => {
    const response = await send('PATCH', '/project', { segments: ['plan', 'a"b'] })
    expect(response.status).toBe(400)
    expect(await fieldsOf(response)).toEqual(['segments.1'])
    const { project } = await jsonOf<{ project: { segments: SegmentJson[] } }>(await send('GET', '/project'))
    expect(project.segments).toEqual([])
  })

  it('backfills a declared segment in a job, then splits trends by it from its rollups with the same answer', async () => {
    const fromRows = await trendByPlan()
    const declared = await send('PATCH', '/project', { segments: ['plan', 'plan'] })
    expect(declared.status).toBe(200)
    const { project } = await jsonOf<{ project: { segments: SegmentJson[] } }>(declared)
    expect(project.segments).toMatchObject([{ trait: 'plan', status: 'backfilling', readyAt: null }])
    const jobId = project.segments[0]?.jobId as string
    const running = await jsonOf<{ job: { kind: string; subject: string; total: number } }>(
      await send('GET', `/jobs/${jobId}`),
    )
    expect(running.job).toMatchObject({ kind: 'segment-backfill', subject: 'plan', total: 12 })
    // While it backfills, the split trend still reads the answers, and agrees.
    expect(await trendByPlan()).toEqual(fromRows)

    const worker = startRetagWorker({ database, logger: createLogger('silent'), pollIntervalMs: 20 })
    try {
      for (let wait = 0; wait < 500; wait++) {
        const { job } = await jsonOf<{ job: { status: string } }>(await send('GET', `/jobs/${jobId}`))
        if (job.status === 'done') break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      await worker.stop()
    }
    const { job } = await jsonOf<{ job: { status: string; done: number; progress: number } }>(
      await send('GET', `/jobs/${jobId}`),
    )
    expect(job).toMatchObject({ status: 'done', done: 12, progress: 1 })
    const after = await jsonOf<{ project: { segments: SegmentJson[] } }>(await send('GET', '/project'))
    expect(after.project.segments).toMatchObject([{ trait: 'plan', status: 'ready', jobId: null }])
    expect(await trendByPlan()).toEqual(fromRows)
  })
})
