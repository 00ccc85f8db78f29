import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedProject, type TestProject } from '../../test-support/fixtures'
import { recordEvents } from '../store/events'
import { identify } from '../store/people'
import { createProject, updateProject } from '../store/projects'
import { ResponseIdConflict, recordResponse } from '../store/responses'
import { migrateToLatest } from './migrate'
import { type HeedDatabase, openDatabase } from './open'
import { query } from './work'
import { defineWrite } from './write'

// SQLite with its writer thread, as `heed start` opens it: named writes run on the thread's connection,
// everything else on the main thread's, and the two take turns.
describe('SQLite writer thread', () => {
  let folder: string
  let file: string
  let database: HeedDatabase
  let acme: TestProject

  const count = async (table: 'responses' | 'events' | 'projects') => {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
  const response = (i: number, surveyId = acme.surveys.nps) => ({
    id: `resp-${String(i).padStart(6, '0')}`,
    surveyId,
    kind: 'nps' as const,
    anonymousId: `visitor-${i % 7}`,
    score: i % 11,
    at: Date.UTC(2026, 10, 1) + i,
  })

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'heed-writer-'))
    file = join(folder, 'heed.db')
    database = openDatabase(file, { writerThread: true })
    await migrateToLatest(database)
    acme = await seedProject(database)
  })
  afterEach(async () => {
    await database.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('commits named writes on the thread before answering, visible to the next read on the main thread', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, i) => recordResponse(database, acme.project.id, response(i))),
    )
    expect(outcomes.every((outcome) => outcome === 'created')).toBe(true)
    expect(await count('responses')).toBe(300)
    const rollup = await database.db
      .selectFrom('response_rollups')
      .select((eb) => eb.fn.sum<number>('c10').as('tens'))
      .executeTakeFirstOrThrow()
    expect(Number(rollup.tens)).toBe(27)
    expect(await recordResponse(database, acme.project.id, response(0))).toBe('unchanged')
  })

  it('brings errors back with their name, message and SQLite code', async () => {
    await expect(recordResponse(database, acme.project.id, response(1, acme.surveys.csat))).resolves.toBe(
      'created',
    )
    // The same client id for another survey: the thread returns a conflict, the caller throws its class.
    await expect(recordResponse(database, acme.project.id, response(1))).rejects.toBeInstanceOf(
      ResponseIdConflict,
    )
    const failure = recordEvents(database, 'prj_missing', [
      { id: 'event-0001', type: 'track', name: 'Clicked', anonymousId: 'visitor-1', at: 1 },
    ])
    await expect(failure).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })
  })

  it('refuses a write the thread does not know, naming it', async () => {
    const unknown = defineWrite('notOnTheThread', function* () {
      yield* query('SELECT 1', [])
    })
    await expect(database.write(unknown)).rejects.toThrow(
      'no write named notOnTheThread runs on the writer thread',
    )
  })

  it('interleaves main-thread writes with a stream of thread writes without waiting on SQLite locks', async () => {
    const started = performance.now()
    const streamed = Array.from({ length: 2_000 }, (_, i) =>
      recordResponse(database, acme.project.id, response(i)),
    )
    const onMain = []
    for (let i = 0; i < 20; i++) {
      onMain.push(createProject(database, { name: `Project ${i}` }))
      onMain.push(updateProject(database, acme.project.id, { name: `Acme ${i}` }))
      onMain.push(
        identify(database, acme.project.id, { anonymousId: `visitor-${i % 7}`, userId: `user-${i}`, at: i }),
      )
    }
    await Promise.all([...streamed, ...onMain])
    expect(await count('responses')).toBe(2_000)
    expect(await count('projects')).toBe(21)
    // A busy wait on SQLite's lock would cost its 5 s timeout, or at least its sleeps of milliseconds.
    expect(performance.now() - started).toBeLessThan(4_000)
  })

  it('answers every write sent before close, then stops', async () => {
    const writes = Array.from({ length: 500 }, (_, i) =>
      recordResponse(database, acme.project.id, response(i)),
    )
    const events = recordEvents(
      database,
      acme.project.id,
      Array.from({ length: 100 }, (_, i) => ({
        id: `event-${String(i).padStart(4, '0')}`,
        type: 'track' as const,
        name: 'Clicked',
        anonymousId: 'visitor-1',
        at: i,
      })),
    )
    await database.close()
    expect((await Promise.all(writes)).filter((outcome) => outcome === 'created')).toHaveLength(500)
    expect(await events).toEqual({ stored: 100, duplicates: 0 })
    await expect(recordResponse(database, acme.project.id, response(501))).rejects.toThrow('closed')

    database = openDatabase(file)
    expect(await count('responses')).toBe(500)
    expect(await count('events')).toBe(100)
  })
})

// The main and writer connections never checkpoint; the checkpointer thread copies the WAL into the
// database, and has the writer start the WAL over when it has grown past its bound.
describe('SQLite checkpointer thread', () => {
  it('keeps the WAL near its bound under a steady stream of writes, and the data in the database file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'heed-checkpoints-'))
    const file = join(folder, 'heed.db')
    const restartPages = 64
    const database = openDatabase(file, {
      writerThread: true,
      checkpoints: { everyMs: 100, restartAfterPages: restartPages },
    })
    try {
      await migrateToLatest(database)
      const { project, surveys } = await seedProject(database)
      let written = 0
      const started = Date.now()
      // Small groups over more than a second, so that the checkpointer (every 100 ms here) sees the WAL grow,
      // and enough of them to fill the WAL many times over, however slow the machine.
      while (Date.now() - started < 1_500 || written < 4_000) {
        await Promise.all(
          Array.from({ length: 20 }, () => {
            const i = written++
            return recordResponse(database, project.id, {
              id: `resp-${String(i).padStart(6, '0')}`,
              surveyId: surveys.nps,
              kind: 'nps',
              anonymousId: `visitor-${i}`,
              comment: 'x'.repeat(2_000),
              at: Date.UTC(2026, 10, 1) + i,
            })
          }),
        )
      }
      const walPages = statSync(`${file}-wal`).size / 4096
      const databasePages = statSync(file).size / 4096
      // Without restarts the WAL would hold every page written: each answer's comment alone is half a page.
      // With them it holds the bound plus what was written until the writer started it over (the
      // checkpointer looks every 100 ms here): measured up to 540 pages, against 1,500 and more without.
      expect(walPages).toBeLessThan(written / 4)
      expect(databasePages).toBeGreaterThan(written / 2)
    } finally {
      await database.close()
      rmSync(folder, { recursive: true, force: true })
    }
  }, 30_000)
})
