import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type HeedDatabase, openDatabase } from './open'
import { query, type SqlWork } from './work'

// Writes sent in the same turn of the event loop share one SQLite transaction.
describe('group commit', () => {
  let database: HeedDatabase

  beforeEach(async () => {
    database = openDatabase(':memory:')
    await sql`CREATE TABLE notes (value INTEGER NOT NULL UNIQUE)`.execute(database.db)
  })
  afterEach(() => database.close())

  const values = async () =>
    (await sql<{ value: number }>`SELECT value FROM notes ORDER BY value`.execute(database.db)).rows.map(
      (row) => row.value,
    )
  function* insert(...notes: number[]): SqlWork<number> {
    let changes = 0
    for (const value of notes)
      changes += (yield* query('INSERT INTO notes (value) VALUES (?)', [value])).changes
    return changes
  }

  it('commits the writes of a group that fail nowhere, each answered with its own result', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => database.transact(() => insert(n * 10, n * 10 + 1))),
    )
    expect(results).toEqual([2, 2, 2])
    expect(await values()).toEqual([10, 11, 20, 21, 30, 31])
  })

  it('undoes and rejects only the write that fails, whatever it wrote before failing', async () => {
    const outcomes = await Promise.allSettled([
      database.transact(() => insert(1)),
      database.transact(() => insert(2, 3, 1)),
      database.transact(() => insert(4)),
      database.transact(function* () {
        yield* insert(5)
        throw new Error('changed its mind')
      }),
      database.transact(() => insert(6)),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect(outcomes[1]).toMatchObject({ reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } })
    expect(outcomes[3]).toMatchObject({ reason: { message: 'changed its mind' } })
    expect(await values()).toEqual([1, 4, 6])
  })

  it('lets a write see what earlier writes of its group wrote, also when the group runs again', async () => {
    const countThenInsert = (value: number) =>
      database.transact(function* () {
        const { rows } = yield* query<{ n: number }>('SELECT count(*) AS n FROM notes', [])
        yield* insert(value)
        return rows[0]!.n
      })
    const outcomes = await Promise.allSettled([
      countThenInsert(1),
      countThenInsert(1),
      countThenInsert(2),
      countThenInsert(3),
    ])
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 0 },
      expect.objectContaining({ status: 'rejected' }),
      { status: 'fulfilled', value: 1 },
      { status: 'fulfilled', value: 2 },
    ])
    expect(await values()).toEqual([1, 2, 3])
  })
})
