// Checks the test harness itself: every PostgreSQL storage test relies on startPostgres() giving a real,
// writable server and on stop() leaving nothing running behind.
import { connect } from 'node:net'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  createDatabase,
  dropDatabase,
  findPostgresBin,
  startPostgres,
} from '../../test-support/postgres-server'

// CI must never skip: there a missing server is a failure, reported by startPostgres() itself.
const canRun = process.env.CI === 'true' || (await findPostgresBin()) !== null

describe.skipIf(!canRun)('PostgreSQL test harness', () => {
  it('starts a server, hands out a fresh database, and stops without leaving the port open', async () => {
    const server = await startPostgres()
    const port = Number(new URL(server.url).port)
    try {
      expect(server.url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`)

      const url = await createDatabase(server.url, 'harness_check')
      expect(url).toBe(`postgres://postgres@127.0.0.1:${port}/harness_check`)

      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const one = await client.query<{ one: number; db: string }>(
          'SELECT 1 AS one, current_database() AS db',
        )
        expect(one.rows).toEqual([{ one: 1, db: 'harness_check' }])

        await client.query('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)')
        await client.query('INSERT INTO notes (id, body) VALUES ($1, $2), ($3, $4)', [1, 'héllo', 2, 'wörld'])
        const notes = await client.query<{ id: number; body: string }>(
          'SELECT id, body FROM notes ORDER BY id',
        )
        expect(notes.rows).toEqual([
          { id: 1, body: 'héllo' },
          { id: 2, body: 'wörld' },
        ])
      } finally {
        await client.end()
      }

      // Creating it again gives an empty database, so reruns against a long-lived server start clean.
      await createDatabase(server.url, 'harness_check')
      const again = new pg.Client({ connectionString: url })
      // DROP ... WITH (FORCE) below ends this connection from the server side; pg reports that as an event.
      again.on('error', () => {})
      await again.connect()
      try {
        const tables = await again.query("SELECT 1 FROM pg_tables WHERE tablename = 'notes'")
        expect(tables.rowCount).toBe(0)
      } finally {
        // Left open on purpose: dropDatabase must cope with a test that forgot to disconnect.
        await dropDatabase(server.url, 'harness_check')
        await again.end().catch(() => {})
      }

      const admin = new pg.Client({ connectionString: server.url })
      await admin.connect()
      try {
        const left = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'harness_check'")
        expect(left.rowCount).toBe(0)
      } finally {
        await admin.end()
      }
    } finally {
      await server.stop()
    }

    expect(await portIsOpen(port)).toBe(false)
    await server.stop() // a second stop is harmless
  })

  it('refuses database names that would need quoting', async () => {
    await expect(createDatabase('postgres://postgres@127.0.0.1:1/postgres', 'Bad-Name')).rejects.toThrow(
      /invalid database name/,
    )
    await expect(dropDatabase('postgres://postgres@127.0.0.1:1/postgres', 'x"; DROP')).rejects.toThrow(
      /invalid database name/,
    )
  })
})

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
