// Account health on the full demo (200 accounts, a year of answers, 100,000 events, three years of ledger):
// how long the daily snapshot of every account (scores, explanations, history, stages) and the default
// backtest (seven scoring days, each recomputing every account from the data as it was) take on SQLite.
// In-process, on a database file without reader or writer threads.
// Run: npx pnpm --filter @heed/bench run health [--runs 5] (or, in bench/, node --import tsx/esm health.ts)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { migrateToLatest } from '@heed/server/db/migrate'
import { openDatabase } from '@heed/server/db/open'
import { seedDemo } from '@heed/server/demo/seed'
import { healthBacktest } from '@heed/server/store/health/backtest'
import { healthModelOf } from '@heed/server/store/health/model'
import { snapshotHealth } from '@heed/server/store/health/snapshot'
import { periodLabel, shiftPeriod } from '@heed/shared/periods/period'
import { machine, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { timings } from './support/stats'

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: { runs: { type: 'string', default: '5' } },
})
const runs = Number(args.runs)
const log = (line: string) => process.stdout.write(`${line}\n`)

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'heed-bench-health-'))
  const database = openDatabase(join(folder, 'heed.db'))
  try {
    await migrateToLatest(database)
    const now = Date.UTC(2026, 11, 7, 12)
    const seeding = performance.now()
    const { project } = await seedDemo(database, { size: 'full', now })
    log(`full demo seeded (with its 27 health snapshots) in ${Math.round(performance.now() - seeding)} ms`)

    const snapshot: number[] = []
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      await snapshotHealth(database, project.id, {
        asOf: now + run * 60_000,
        timeZone: project.timeZone,
        latest: true,
      })
      snapshot.push(performance.now() - started)
    }
    const model = await healthModelOf(database, project.id)
    const days = Array.from({ length: 7 }, (_, k) => {
      const at = shiftPeriod(new Date(now), -90 - 30 * (6 - k), 'day', project.timeZone).getTime()
      return { day: periodLabel(new Date(at), 'day', project.timeZone), at }
    })
    const backtest: number[] = []
    let auc: number | null = null
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      auc = (await healthBacktest(database, project.id, { days, horizonDays: 90, model })).auc
      backtest.push(performance.now() - started)
    }
    const results = { snapshotAllAccountsMs: timings(snapshot), backtestSevenDaysMs: timings(backtest), auc }
    log(JSON.stringify(results, null, 2))
    const file = writeResults('health', {
      benchmark: 'health',
      date: new Date().toISOString(),
      command: ['node --import tsx/esm health.ts (in bench/)', ...process.argv.slice(2)].join(' '),
      machine: machine(),
      revision: revision(),
      accounts: 200,
      results,
    })
    log(`written to ${file}`)
  } finally {
    await database.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

await main()
