import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, type TestProject } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { LAST_SEEN_STEP_MS, recordEvents } from './events'

const START = Date.UTC(2026, 10, 2, 9)

describe.each(dialectCases())('last activity from events on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let sent = 0

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
  })
  afterAll(() => database.close())

  const track = (at: number) =>
    recordEvents(database, acme.project.id, [
      {
        id: `evt-${String(sent++).padStart(4, '0')}`,
        type: 'track',
        name: 'report.opened',
        anonymousId: 'anon-1',
        userId: 'user-1',
        accountId: 'acct-1',
        at,
      },
    ])
  /** [first_seen, last_seen] of the person, then of the account. */
  const seen = () =>
    Promise.all(
      (['persons', 'accounts'] as const).map(async (table) => {
        const row = await database.db
          .selectFrom(table)
          .select(['first_seen', 'last_seen'])
          .where('project_id', '=', acme.project.id)
          .where('id', '=', table === 'persons' ? 'user-1' : 'acct-1')
          .executeTakeFirstOrThrow()
        return [Number(row.first_seen), Number(row.last_seen)]
      }),
    )

  it('moves last activity forward a minute or more at a time, never back', async () => {
    await track(START)
    expect(await seen()).toEqual([
      [START, START],
      [START, START],
    ])
    await track(START + LAST_SEEN_STEP_MS - 1)
    await track(START - 10 * LAST_SEEN_STEP_MS)
    expect(await seen()).toEqual([
      [START, START],
      [START, START],
    ])
    const later = START + LAST_SEEN_STEP_MS
    await track(later)
    expect(await seen()).toEqual([
      [START, later],
      [START, later],
    ])
  })
})
