import { readdirSync, readFileSync } from 'node:fs'
import { getPriority } from 'node:os'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, jsonOf, post, seedProject, type TestProject } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import { createApp } from '../app'
import { createLogger } from '../logger'
import { type HeedDatabase, SERVING_MAIN_CACHE_KIB } from './open'
import { ReadBudgetExceeded } from './read-budget'
import { READER_CACHE_KIB } from './reader-thread'

/**
 * A statement that runs far past the budget: on SQLite a recursive count (seconds of work for its thread,
 * which finishes it after the budget has answered), on PostgreSQL a sleep, which the server cancels.
 */
const slowQuery = (dialect: string) =>
  dialect === 'postgres'
    ? sql<{ n: number }>`SELECT 1 AS n FROM pg_sleep(30)`
    : sql<{ n: number }>`WITH RECURSIVE steps (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM steps
        WHERE i < 8000000) SELECT COUNT(*) AS n FROM steps`

const BUDGET_MS = 1_500

/** The largest niceness Linux gives a thread. */
const LOWEST_PRIORITY = 19

/** The niceness of each of this process's threads, from /proc (on Linux each thread has its own). */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      // Past the command name in parentheses, the fields of stat(5) from the third: nice is the 19th.
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])]
    } catch {
      return [] // the thread ended meanwhile
    }
  })
}

describe.each(dialectCases())('analytics reads on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    database = await dialect.open({ readBudgetMs: BUDGET_MS })
    acme = await seedProject(database)
    app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { ingest: 100_000, admin: 100_000 },
    })
    // A route of the app's own kind whose query runs past the budget: it meets the app's error handling.
    app.get('/slow', async (c) => c.json(await slowQuery(database.dialect).execute(database.reads)))
  })
  afterAll(() => database?.close())

  it('answers reads on their own connections, seeing what was committed', async () => {
    if (dialect.name === 'sqlite') expect(database.reads).not.toBe(database.db)
    const rows = await database.reads
      .selectFrom('surveys')
      .select('id')
      .where('project_id', '=', acme.project.id)
      .orderBy('id')
      .execute()
    expect(rows.map((row) => row.id)).toEqual(Object.values(acme.surveys).sort())
    // Several at once share the threads (or connections) and each gets its own answer.
    const counts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sql<{ n: number }>`SELECT ${i} + COUNT(*) AS n FROM surveys`.execute(database.reads),
      ),
    )
    expect(counts.map(({ rows: [row] }) => Number(row?.n))).toEqual([3, 4, 5, 6, 7, 8])
  })

  it.runIf(dialect.name === 'sqlite')(
    'keeps a small page cache on the main connection beside the writer, sorting past it in a file',
    async () => {
      const { rows } = await sql<{
        cache: number
        temp: number
      }>`SELECT (SELECT cache_size FROM pragma_cache_size) AS cache,
        (SELECT temp_store FROM pragma_temp_store) AS temp`.execute(database.db)
      expect(rows).toEqual([{ cache: -SERVING_MAIN_CACHE_KIB, temp: 1 }])
    },
  )

  it.runIf(dialect.name === 'sqlite' && process.platform === 'linux')(
    'runs SQLite reads on threads at the lowest priority, with a small page cache',
    async () => {
      // Two reads at once keep two reader threads busy (the test database has two); each answers what
      // its own connection is set to.
      const settings = await Promise.all(
        [0, 1].map(async () => {
          const { rows } = await sql<{
            cache: number
            temp: number
          }>`SELECT (SELECT cache_size FROM pragma_cache_size) AS cache,
            (SELECT temp_store FROM pragma_temp_store) AS temp,
            (WITH RECURSIVE steps (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM steps WHERE i < 200000)
              SELECT COUNT(*) FROM steps) AS work`.execute(database.reads)
          return rows[0]
        }),
      )
      expect(settings).toEqual([
        expect.objectContaining({ cache: -READER_CACHE_KIB, temp: 1 }),
        expect.objectContaining({ cache: -READER_CACHE_KIB, temp: 1 }),
      ])
      // The reader threads, and only they: the main thread (HTTP's, in the server) and the writer keep
      // the process's niceness.
      const niceness = threadNiceness()
      // (At least the two busy ones: a thread ended at its budget elsewhere may still be finishing.)
      expect(niceness.filter((nice) => nice === LOWEST_PRIORITY).length).toBeGreaterThanOrEqual(2)
      const others = niceness.filter((nice) => nice !== LOWEST_PRIORITY)
      expect(new Set(others)).toEqual(new Set([getPriority()]))
    },
  )

  it('refuses a write and a transaction on the reads', async () => {
    await expect(
      database.reads
        .updateTable('projects')
        .set({ name: 'Changed' })
        .where('id', '=', acme.project.id)
        .execute(),
    ).rejects.toThrow()
    const [project] = await database.db.selectFrom('projects').select('name').execute()
    expect(project?.name).toBe('Acme')
  })

  it('stops a read at its budget with ReadBudgetExceeded, then answers the next read', async () => {
    await expect(slowQuery(database.dialect).execute(database.reads)).rejects.toBeInstanceOf(
      ReadBudgetExceeded,
    )
    const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM projects`.execute(database.reads)
    expect(Number(rows[0]?.n)).toBe(1)
  })

  it('answers 503 query_timeout with Retry-After at the budget, while ingest keeps answering', async () => {
    let settled = false
    const slow = Promise.resolve(app.request('/slow')).finally(() => {
      settled = true
    })
    // Answers stored while the slow read runs: if it held the thread that serves HTTP, none would be.
    let answeredMeanwhile = 0
    for (let i = 0; !settled && i < 1_000; i++) {
      const response = await app.request(
        `/ingest/v1/responses?key=${acme.project.publicKey}`,
        post({
          id: `resp_meanwhile_${i}`,
          surveyId: acme.surveys.nps,
          anonymousId: `anon_meanwhile_${i}`,
          score: 9,
        }),
      )
      expect(response.status).toBe(201)
      if (!settled) answeredMeanwhile++
    }
    const response = await slow
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
    const body = await jsonOf<ErrorJson>(response)
    expect(body.error.code).toBe('query_timeout')
    expect(answeredMeanwhile).toBeGreaterThan(0)
  })
})
