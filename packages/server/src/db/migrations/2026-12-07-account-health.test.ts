import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { migrateToLatest } from '../migrate'
import type { HeedDatabase } from '../open'

const TABLES = [
  'account_health',
  'account_health_days',
  'account_stages',
  'account_stage_history',
  'health_models',
  'lifecycle_rules',
]

describe.each(dialectCases())('the account health migration on $name', (dialect: DialectCase) => {
  let database: HeedDatabase

  beforeAll(async () => {
    database = await dialect.open()
  })
  afterAll(() => database.close())

  it('runs on a database that already ran every later migration of its day', async () => {
    // As a database migrated before it existed: every other migration ran, including those that sort after it.
    for (const table of TABLES) await sql`DROP TABLE ${sql.table(table)}`.execute(database.db)
    await sql`DELETE FROM kysely_migration WHERE name = '2026-12-07-account-health'`.execute(database.db)
    expect(await migrateToLatest(database)).toEqual(['2026-12-07-account-health'])
    const tables = (await database.db.introspection.getTables()).map((table) => table.name)
    expect(tables).toEqual(expect.arrayContaining(TABLES))
    expect(await migrateToLatest(database)).toEqual([])
  })
})
