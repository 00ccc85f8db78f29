import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { BUSY_TIMEOUT_MS, connectSqlite } from './sqlite-file'
import { restartWal } from './wal-restart'

describe('restartWal', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('gives way to a reader still in the WAL, then starts the WAL over once it is done', () => {
    dir = mkdtempSync(join(tmpdir(), 'heed-wal-restart-'))
    const file = join(dir, 'heed.db')
    const writer = connectSqlite(file)
    writer.pragma('wal_autocheckpoint = 0')
    writer.exec('CREATE TABLE t (x INTEGER)')
    const insert = writer.prepare('INSERT INTO t VALUES (?)')
    for (let i = 0; i < 100; i++) insert.run(i)
    const reader = new SQLite(file, { readonly: true })
    // A statement stepped once and left open holds its snapshot, as a long analytics read does.
    const rows = reader.prepare('SELECT x FROM t').iterate()
    expect(rows.next().done).toBe(false)
    for (let i = 0; i < 100; i++) insert.run(i)

    expect(restartWal(writer)).toBe(false)
    // Writes go on meanwhile, and the connection keeps its busy timeout for everything else.
    insert.run(200)
    expect(writer.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS)

    rows.return?.()
    expect(restartWal(writer)).toBe(true)
    insert.run(201)
    // Started over: the WAL holds only what came after the restart.
    const [{ log }] = writer.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }]
    expect(log).toBeLessThan(10)
    expect(writer.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 202 })
    reader.close()
    writer.close()
  })
})
