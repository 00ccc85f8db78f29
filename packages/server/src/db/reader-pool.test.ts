import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ReaderPool, startReaderPool } from './reader-pool'
import { connectSqlite } from './sqlite-file'

/** Reader threads lower themselves to niceness 19, which no other thread of this process has. */
function readerThreads(): number {
  return readdirSync('/proc/self/task').filter((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16] === '19'
    } catch {
      return false // the thread ended meanwhile
    }
  }).length
}

describe.skipIf(process.platform !== 'linux')('the reader pool', () => {
  let dir: string
  let file: string
  let pool: ReaderPool | undefined

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-reader-pool-'))
    file = join(dir, 'heed.db')
    const sqlite = connectSqlite(file)
    sqlite.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)')
    sqlite.close()
  })
  afterEach(async () => {
    await pool?.close()
    pool = undefined
    rmSync(dir, { recursive: true, force: true })
  })

  it('ends a thread left idle, and starts another for the next query', async () => {
    pool = startReaderPool(file, { size: 1, budgetMs: 5_000, idleMs: 300 })
    expect(await pool.query('SELECT SUM(n) AS sum FROM t', [])).toEqual([{ sum: 3 }])
    expect(readerThreads()).toBe(1)
    await expect.poll(readerThreads, { timeout: 5_000 }).toBe(0)
    expect(await pool.query('SELECT COUNT(*) AS count FROM t', [])).toEqual([{ count: 2 }])
    expect(readerThreads()).toBe(1)
  })

  it('keeps a thread that queries keep busy', async () => {
    pool = startReaderPool(file, { size: 1, budgetMs: 5_000, idleMs: 300 })
    for (let i = 0; i < 6; i++) {
      await pool.query('SELECT n FROM t', [])
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(readerThreads()).toBe(1)
  })
})
