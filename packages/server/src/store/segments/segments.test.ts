import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { erasePerson } from '../person-erasure'
import { recordResponse } from '../responses'
import { SLOT_MS } from '../rollups'
import { type CountScope, countPeriodsByTrait, MAX_TRAIT_SEGMENTS } from '../score-queries'
import { segmentBackfillChunkWork } from './backfill'
import { declareSegments, listSegments, segmentReady } from './declare'

const DAY = 86_400_000
const FROM = Date.UTC(2026, 9, 1)

/** Trait values as answers send them: text (more than MAX_TRAIT_SEGMENTS of them), numbers, booleans, null. */
const traitValue = fc.oneof(
  fc.integer({ min: 0, max: MAX_TRAIT_SEGMENTS + 4 }).map((i) => `v${String(i).padStart(2, '0')}`),
  fc.integer({ min: -3, max: 12 }),
  fc.boolean(),
  fc.constant(null),
)

const answer = fc.record({
  survey: fc.integer({ min: 0, max: 1 }),
  score: fc.integer({ min: 0, max: 10 }),
  /** Minutes after FROM, over twelve days. */
  minute: fc.integer({ min: 0, max: 12 * 24 * 60 }),
  person: fc.integer({ min: 0, max: 5 }),
  plan: fc.option(traitValue, { nil: undefined }),
  region: fc.option(traitValue, { nil: undefined }),
  /** A later message for the same answer with another score. */
  rescore: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
})

/** Period boundaries in whole slots over the data's days, at least two. */
const bounds = fc
  .uniqueArray(fc.integer({ min: 0, max: 13 * 96 }), { minLength: 2, maxLength: 8 })
  .map((slots) => slots.sort((a, b) => a - b).map((slot) => FROM - DAY + slot * SLOT_MS))

/** Runs a segment's backfill to its end one day at a time, as the job worker would; returns the chunks. */
async function backfill(database: HeedDatabase, jobId: string): Promise<number> {
  let chunks = 0
  for (;;) {
    chunks++
    const outcome = await database.transact((dialect) =>
      segmentBackfillChunkWork(dialect, jobId, 1, Date.now()),
    )
    if (outcome !== 'more') return chunks
  }
}

describe.each(dialectCases())('segment rollups on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let run = 0

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database?.close())

  it('count what the answers count, for a segment declared before the answers and one backfilled after', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(answer, { maxLength: 40 }),
        bounds,
        fc.integer({ min: 0, max: 5 }),
        async (answers, periodBounds, erased) => {
          run++
          const { project, surveys } = await seedProject(database, `Run ${run}`)
          await declareSegments(database, project.id, ['plan'], Date.now())
          for (const [i, sent] of answers.entries()) {
            const traits: Record<string, unknown> = {}
            if (sent.plan !== undefined) traits.plan = sent.plan
            if (sent.region !== undefined) traits.region = sent.region
            const input = {
              id: `resp_${run}_${i}_${sent.survey}`,
              // Answers to another survey, which the counts of the NPS survey must leave out.
              surveyId: sent.survey === 0 ? surveys.nps : surveys.csat,
              kind: sent.survey === 0 ? ('nps' as const) : ('csat' as const),
              anonymousId: `anon_${run}_${sent.person}`,
              userId: `user_${sent.person}`,
              score: sent.survey === 0 ? sent.score : 1 + (sent.score % 5),
              traits,
              at: FROM + sent.minute * 60_000 + (i % 60) * 1000,
            }
            await recordResponse(database, project.id, input)
            if (sent.rescore !== undefined)
              await recordResponse(database, project.id, {
                ...input,
                score: sent.survey === 0 ? sent.rescore : 1 + (sent.rescore % 5),
              })
          }
          const { segments } = await declareSegments(database, project.id, ['plan', 'region'], Date.now())
          const region = segments.find((segment) => segment.trait === 'region')
          expect(region?.status).toBe('backfilling')
          expect(await segmentReady(database, project.id, 'region')).toBe(false)
          await backfill(database, region?.jobId as string)
          expect(await segmentReady(database, project.id, 'region')).toBe(true)
          // Erased after both segments count: their rollups lose exactly what the answers had added.
          await erasePerson(database, project.id, `user_${erased}`)

          const scope: CountScope = {
            projectId: project.id,
            kind: 'nps',
            surveyIds: [surveys.nps],
            bounds: periodBounds,
          }
          for (const trait of ['plan', 'region']) {
            const fromRows = await countPeriodsByTrait(database, scope, trait, 'rows')
            expect(await countPeriodsByTrait(database, scope, trait, 'rollups')).toEqual(fromRows)
            // Chosen on its own now that both are ready.
            expect(await countPeriodsByTrait(database, scope, trait)).toEqual(fromRows)
          }
        },
      ),
      { numRuns: 12 },
    )
  })

  it('resumes a backfill from its last committed chunk, and drops the rollups of a segment left out', async () => {
    const { project, surveys } = await seedProject(database, 'Resumed')
    for (let day = 0; day < 4; day++) {
      for (let i = 0; i < 3; i++) {
        await recordResponse(database, project.id, {
          id: `resp_resume_${day}_${i}`,
          surveyId: surveys.nps,
          kind: 'nps',
          anonymousId: `anon_resume_${i}`,
          score: (day * 3 + i) % 11,
          traits: { plan: i === 0 ? 'pro' : 'free' },
          at: FROM + day * DAY + i * 3_600_000,
        })
      }
    }
    const { segments } = await declareSegments(database, project.id, ['plan'], Date.now())
    const jobId = segments[0]?.jobId as string
    const first = await database.transact((d) => segmentBackfillChunkWork(d, jobId, 1, Date.now()))
    expect(first).toBe('more')
    const job = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow()
    expect(job).toMatchObject({
      status: 'running',
      done: 3,
      total: 12,
      cursor: String(Math.floor(FROM / DAY) + 1),
    })
    // What a restarted server does: the next chunks go on from the cursor.
    expect(await backfill(database, jobId)).toBe(3)
    const finished = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow()
    expect(finished).toMatchObject({ status: 'done', done: 12, total: 12 })
    const scope: CountScope = {
      projectId: project.id,
      kind: 'nps',
      surveyIds: [surveys.nps],
      bounds: [FROM, FROM + 4 * DAY],
    }
    const fromRows = await countPeriodsByTrait(database, scope, 'plan', 'rows')
    expect(fromRows.map((segment) => segment.key)).toEqual(['free', 'pro'])
    expect(await countPeriodsByTrait(database, scope, 'plan', 'rollups')).toEqual(fromRows)

    await declareSegments(database, project.id, [], Date.now())
    expect(await listSegments(database, project.id)).toEqual([])
    const left = await database.db
      .selectFrom('segment_rollups')
      .select('slot')
      .where('project_id', '=', project.id)
      .execute()
    expect(left).toEqual([])
  })
})
