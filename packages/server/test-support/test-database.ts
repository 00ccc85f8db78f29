import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import type { DialectName } from '../src/db/dialect'
import { migrateToLatest } from '../src/db/migrate'
import { type HeedDatabase, openDatabase } from '../src/db/open'
import { testDialects } from './dialects'
import { createDatabase, dropDatabase } from './postgres-server'

export interface DialectCase {
  name: DialectName
  /** A new, migrated, empty database; `close()` also deletes it. */
  open(): Promise<HeedDatabase>
}

/** The dialects this run covers (HEED_TEST_DIALECTS); PostgreSQL when the global setup has a server. */
export function dialectCases(): DialectCase[] {
  const postgresUrl = inject('postgresUrl')
  const cases: DialectCase[] = []
  for (const name of testDialects()) {
    if (name === 'sqlite') cases.push({ name, open: openSqliteTestDatabase })
    else if (postgresUrl) cases.push({ name, open: () => openPostgresTestDatabase(postgresUrl) })
  }
  return cases
}

async function openSqliteTestDatabase(): Promise<HeedDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'heed-test-'))
  // As `heed start` opens it: ingest writes on the writer thread, the rest on the main thread.
  const database = openDatabase(join(folder, 'heed.db'), { writerThread: true })
  await migrateToLatest(database)
  return {
    ...database,
    close: async () => {
      await database.close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

async function openPostgresTestDatabase(adminUrl: string): Promise<HeedDatabase> {
  const name = `heed_t_${randomBytes(6).toString('hex')}`
  const database = openDatabase(await createDatabase(adminUrl, name))
  await migrateToLatest(database)
  return {
    ...database,
    close: async () => {
      await database.close()
      await dropDatabase(adminUrl, name)
    },
  }
}
