import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { createDatabase, dropDatabase } from '../../test-support/postgres-server'
import { openDatabase } from './open'

const postgresUrl = inject('postgresUrl')

describe.skipIf(!postgresUrl)('openDatabase on PostgreSQL', () => {
  it('survives an idle connection being terminated and reports it', async () => {
    const adminUrl = postgresUrl as string
    const name = `heed_t_${randomBytes(6).toString('hex')}`
    const errors: Error[] = []
    const database = openDatabase(await createDatabase(adminUrl, name), {
      onConnectionError: (error) => errors.push(error),
    })
    try {
      await sql`SELECT 1`.execute(database.db)
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      try {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name])
      } finally {
        await admin.end()
      }
      await expect.poll(() => errors.length).toBeGreaterThan(0)
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)
      expect(rows).toEqual([{ one: 1 }])
    } finally {
      await database.close()
      await dropDatabase(adminUrl, name)
    }
  })
})
