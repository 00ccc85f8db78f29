// Revenue query latency over 10,000 accounts with three years of MRR changes (about 400,000 ledger rows):
// 36 months of movements and the monthly CS report, on SQLite and PostgreSQL, each against a plain SQL query
// that reads the same rows (a SUM over the project's changes). In-process: the app answers app.request(), so
// the figures are the routes' own work (auth, SQL, JSON) without the network.
// Run: node --import tsx/esm bench/revenue.ts [--accounts 10000] [--runs 20] [--dialects sqlite,postgres]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '@heed/server/app'
import { migrateToLatest } from '@heed/server/db/migrate'
import { type HeedDatabase, openDatabase } from '@heed/server/db/open'
import { createLogger } from '@heed/server/logger'
import { createProject } from '@heed/server/store/projects'
import { rebuildMonthTotals } from '@heed/server/store/revenue/month-totals'
import { relinkLedger } from '@heed/server/store/revenue/neighbours'
import { sql } from 'kysely'
import { createDatabase, startPostgres } from '../packages/server/test-support/postgres-server'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { type Timings, timings } from './support/stats'

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    accounts: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '20' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    help: { type: 'boolean', short: 'h' },
  },
})

const TARGETS = { movementsP50Ms: 100, reportP50Ms: 250 }
const WARMUPS = 3
/** Three years of history, December 2023 to November 2026, reported in UTC. */
const FIRST_MONTH = Date.UTC(2023, 11, 1)
const MONTHS = 36
const REPORT_MONTH = '2026-11'
const MOVEMENTS = `/admin/v1/revenue/movements?from=2023-12-01T00:00:00Z&to=2026-12-01T00:00:00Z&period=month&timeZone=UTC`
const DAY = 86_400_000

const log = (line: string) => process.stdout.write(`${line}\n`)

/** A small deterministic generator, so every run seeds the same ledger. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

/**
 * Each account starts in one of the first 12 months at $10-$500, then changes every month it exists (a
 * price change of up to ±10%, or a second change in the month 35% of the time); 2% of months it churns and
 * 30% of churned months it comes back.
 */
async function seed(database: HeedDatabase, projectId: string, accounts: number): Promise<number> {
  const next = random(42)
  let rows: Record<string, unknown>[] = []
  let total = 0
  const flush = async () => {
    if (rows.length === 0) return
    await database.db
      .insertInto('revenue_changes')
      .values(rows as never)
      .execute()
    total += rows.length
    rows = []
  }
  for (let a = 0; a < accounts; a++) {
    let mrr = 1_000 + Math.floor(next() * 49_000)
    let paying = true
    const start = Math.floor(next() * 12)
    for (let m = start; m < MONTHS; m++) {
      const monthStart = FIRST_MONTH + m * 31 * DAY
      const changes = next() < 0.35 ? 2 : 1
      for (let c = 0; c < changes; c++) {
        const at = monthStart + Math.floor(((c + next()) / changes) * 28 * DAY)
        if (paying && next() < 0.02) paying = false
        else if (!paying && next() < 0.3) paying = true
        else mrr = Math.max(100, Math.round(mrr * (0.9 + next() * 0.2)))
        rows.push({
          project_id: projectId,
          id: `rev_${a}_${m}_${c}`,
          account_id: `account-${a}`,
          at,
          mrr: paying ? mrr : 0,
          currency: 'USD',
          plan: null,
          status: paying ? 'active' : 'canceled',
          renews_at: null,
          recorded_at: 0,
        })
        if (rows.length >= 1_000) await flush()
      }
    }
  }
  await flush()
  // Written straight into the table, so what every write keeps is filled in here: the neighbours in one
  // statement, the month totals from the whole ledger, as the migrations that added them do.
  await relinkLedger(database, projectId)
  await database.transact(() => rebuildMonthTotals(projectId))
  return total
}

async function time(runs: number, work: () => Promise<void>): Promise<Timings> {
  const durations: number[] = []
  for (let i = 0; i < WARMUPS + runs; i++) {
    const started = performance.now()
    await work()
    if (i >= WARMUPS) durations.push(performance.now() - started)
  }
  return timings(durations)
}

interface DialectResult {
  dialect: string
  rows: number
  seedSeconds: number
  movements: Timings
  report: Timings
  plainSql: Timings
  movementsRatio: number
  reportRatio: number
}

async function measure(
  dialect: string,
  database: HeedDatabase,
  accounts: number,
  runs: number,
): Promise<DialectResult> {
  await migrateToLatest(database)
  const { project, secretKey } = await createProject(database, { name: 'Bench revenue' })
  const seeded = performance.now()
  const rows = await seed(database, project.id, accounts)
  const seedSeconds = Math.round((performance.now() - seeded) / 100) / 10
  // As autovacuum leaves a table some time after a bulk load: statistics, and a visibility map that lets the
  // covering (project, at) index answer without visiting the table (the seeding rewrote every row once).
  if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(database.db)
  log(`${dialect}: ${rows.toLocaleString('en')} ledger rows in ${seedSeconds} s; timing…`)
  const app = createApp({ database, logger: createLogger('silent'), rateLimits: { admin: 1_000_000 } })
  const get = async (path: string) => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${secretKey}` } })
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<{ points?: { mrr: { end: number } }[] }>
  }
  // The answer must cover every month, or the timing measured the wrong thing.
  const check = await get(MOVEMENTS)
  if (check.points?.length !== MONTHS) throw new Error(`movements gave ${check.points?.length} months`)
  const movements = await time(runs, async () => {
    await get(MOVEMENTS)
  })
  const report = await time(runs, async () => {
    await get(`/admin/v1/reports/monthly/${REPORT_MONTH}`)
  })
  const end = FIRST_MONTH + MONTHS * 31 * DAY
  const plainSql = await time(runs, async () => {
    await sql`SELECT COUNT(*) AS n, SUM(mrr) AS total FROM revenue_changes
      WHERE project_id = ${project.id} AND at < ${end}`.execute(database.db)
  })
  return {
    dialect,
    rows,
    seedSeconds,
    movements,
    report,
    plainSql,
    movementsRatio: Math.round((movements.p50 / plainSql.p50) * 10) / 10,
    reportRatio: Math.round((report.p50 / plainSql.p50) * 10) / 10,
  }
}

async function main(): Promise<void> {
  if (args.help) {
    log(
      'Usage: node --import tsx/esm bench/revenue.ts [--accounts 10000] [--runs 20] [--dialects sqlite,postgres]',
    )
    return
  }
  const accounts = Number(args.accounts)
  const runs = Number(args.runs)
  const results: DialectResult[] = []
  for (const dialect of args.dialects.split(',')) {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'heed-bench-revenue-'))
      const database = openDatabase(join(dir, 'heed.db'))
      try {
        results.push(await measure('sqlite', database, accounts, runs))
      } finally {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      }
    } else if (dialect === 'postgres') {
      const server = await startPostgres()
      try {
        // A read budget long enough that a slow query is measured rather than refused (the server's default
        // budget is DEFAULT_READ_BUDGET_MS; a p50 above it means the route would answer 503 there).
        const database = openDatabase(await createDatabase(server.url, 'heed_bench_revenue'), {
          readBudgetMs: 120_000,
        })
        try {
          results.push(await measure('postgres', database, accounts, runs))
        } finally {
          await database.close()
        }
      } finally {
        await server.stop()
      }
    } else throw new Error(`unknown dialect ${dialect}`)
  }
  const targets: Target[] = results.flatMap((result) => [
    {
      what: `${result.dialect}: 36 months of movements p50 < ${TARGETS.movementsP50Ms} ms`,
      measured: `${result.movements.p50} ms`,
      met: result.movements.p50 < TARGETS.movementsP50Ms,
    },
    {
      what: `${result.dialect}: monthly report p50 < ${TARGETS.reportP50Ms} ms`,
      measured: `${result.report.p50} ms`,
      met: result.report.p50 < TARGETS.reportP50Ms,
    },
  ])
  log(
    `\n${table(
      ['dialect', 'query', 'p50 ms', 'p95 ms', 'max ms', '× plain SQL'],
      results.flatMap((r) => [
        [
          r.dialect,
          '36 months of movements',
          r.movements.p50,
          r.movements.p95,
          r.movements.max,
          r.movementsRatio,
        ],
        [
          r.dialect,
          `monthly report ${REPORT_MONTH}`,
          r.report.p50,
          r.report.p95,
          r.report.max,
          r.reportRatio,
        ],
        [r.dialect, 'plain SQL: SUM over the same rows', r.plainSql.p50, r.plainSql.p95, r.plainSql.max, 1],
      ]),
      2,
    )}\n`,
  )
  log(
    table(
      ['target', 'measured', ''],
      targets.map((t) => [t.what, t.measured, verdict(t.met)]),
    ),
  )
  const file = writeResults('revenue', {
    benchmark: 'revenue',
    date: new Date().toISOString(),
    command: ['node --import tsx/esm bench/revenue.ts', ...process.argv.slice(2)].join(' '),
    machine: machine(),
    revision: revision(),
    accounts,
    results,
    targets,
  })
  log(`\nwritten to ${file}`)
}

await main()
