import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'

/**
 * How fast the machine is right now, by two fixed pieces of work timed in this process. The benchmarks' virtual
 * machine drifts by up to 40% from one hour to the next (and SQLite's writes by more), so each measurement
 * records these beside its rates: a slower rate with slower probes is the machine, with the same probes it is
 * the code.
 */
export interface MachineSpeed {
  /** Milliseconds for 30 million square roots and 200,000 JSON round trips of a small object. */
  cpuMs: number
  /** Microseconds per row for 50,000 rows shaped like events, inserted 100 per transaction into a WAL file. */
  sqliteMicrosPerRow: number
}

export function measureMachineSpeed(): MachineSpeed {
  return { cpuMs: Math.round(cpuWork()), sqliteMicrosPerRow: Math.round(sqliteWork() * 100) / 100 }
}

function cpuWork(): number {
  const started = performance.now()
  let sum = 0
  for (let i = 0; i < 30_000_000; i++) sum = (sum + Math.sqrt(i) * 1.0001) % 1e9
  const kept: unknown[] = []
  for (let i = 0; i < 200_000; i++) kept.push(JSON.parse(JSON.stringify({ a: i, b: `x${i}`, c: [1, 2, 3] })))
  if (sum < 0 || kept.length === 0) throw new Error('unreachable: keeps the work from being optimized away')
  return performance.now() - started
}

const BATCHES = 500
const ROWS_PER_BATCH = 100

function sqliteWork(): number {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-speed-'))
  const sqlite = new SQLite(join(dir, 'speed.db'))
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.exec(`CREATE TABLE events (project_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
      person_id TEXT, properties TEXT NOT NULL, occurred_at INTEGER NOT NULL, PRIMARY KEY (project_id, id))`)
    sqlite.exec('CREATE INDEX events_person ON events (project_id, person_id)')
    const insert = sqlite.prepare(
      `INSERT INTO events VALUES ${Array.from({ length: ROWS_PER_BATCH }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    )
    const started = performance.now()
    for (let batch = 0; batch < BATCHES; batch++) {
      const values: unknown[] = []
      for (let row = 0; row < ROWS_PER_BATCH; row++) {
        const id = `${String(batch).padStart(9, '0')}-${String(row).padStart(36, '0')}`
        values.push('prj_speed', id, 'Report Viewed', `user-${batch}`, '{"step":1,"plan":"pro"}', batch)
      }
      sqlite.transaction(() => insert.run(...values))()
    }
    return ((performance.now() - started) * 1000) / (BATCHES * ROWS_PER_BATCH)
  } finally {
    sqlite.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
