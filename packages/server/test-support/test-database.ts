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
  open(options?: TestDatabaseOptions): Promise<HeedDatabase>
}

export interface TestDatabaseOptions {
  /** The analytics reads' time budget; a minute unless a test of the budget makes it small. */
  readBudgetMs?: number
}

/** The dialects this run covers (HEED_TEST_DIALECTS); PostgreSQL when the global setup has a server. */
export function dialectCases(): DialectCase[] {
  const postgresUrl = inject('postgresUrl')
  const cases: DialectCase[] = []
  for (const name of testDialects()) {
    if (name === 'sqlite') cases.push({ name, open: openSqliteTestDatabase })
    else if (postgresUrl)
      cases.push({ name, open: (options) => openPostgresTestDatabase(postgresUrl, options) })
  }
  return cases
}

async function openSqliteTestDatabase({
  readBudgetMs = 60_000,
}: TestDatabaseOptions = {}): Promise<HeedDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'heed-test-'))
  // As `heed start` opens it: ingest writes on the writer thread, analytics reads on reader threads, the
  // rest on the main thread.
  // A thread started from the sources loads TypeScript first, seconds on a loaded machine: the budget of
  // the reads is a minute here, so that only the tests of the budget meet it.
  const database = openDatabase(join(folder, 'heed.db'), {
    writerThread: true,
    readerThreads: 2,
    readBudgetMs,
  })
  await migrateToLatest(database)
  return {
    ...database,
    close: async () => {
      await database.close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

async function openPostgresTestDatabase(
  adminUrl: string,
  { readBudgetMs = 60_000 }: TestDatabaseOptions = {},
): Promise<HeedDatabase> {
  const name = `heed_t_${randomBytes(6).toString('hex')}`
  const database = openDatabase(await createDatabase(adminUrl, name), { readBudgetMs })
  await migrateToLatest(database)
  return {
    ...database,
    close: async () => {
      await database.close()
      await dropDatabase(adminUrl, name)
    },
  }
}
