import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { undoMigrationsFrom } from '../../../test-support/undo-migrations'
import { recordEvents } from '../../store/events'
import { usageLagEvents } from '../../store/usage/catch-up'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

describe.each(dialectCases())('the usage watermark migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it('starts each project after its events, which the write path had folded, and later ones are behind it', async () => {
    const { project } = await seedProject(database)
    const event = (id: string) => ({
      id,
      type: 'track' as const,
      name: 'clicked',
      anonymousId: 'anon-1',
      userId: 'ann',
      at: Date.parse('2026-03-02T09:00:00Z'),
    })
    await recordEvents(database, project.id, [event('evt-1'), event('evt-2')])
    await undoMigrationsFrom(database, '2026-12-07-usage-watermark')
    await migrateToLatest(database)
    expect(await usageLagEvents(database, project.id)).toBe(0)
    await recordEvents(database, project.id, [event('evt-0'), event('evt-3')])
    expect(await usageLagEvents(database, project.id)).toBe(2)
  })
})
