// Score query latency over 100k, 1M and 10M answers of one NPS survey: the weekly trend and the summary, read
// from the rollups, and the trend split by a trait, read from the answers themselves.
// Run: node --import tsx/esm bench/scores.ts [--sizes 100000,1000000] [--help]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createNpsSurvey, getJson } from './support/api'
import { type CpuShares, meterCpu, waitForQuiet } from './support/cpu'
import { sampleRss } from './support/memory'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { seedAnswers } from './support/seed'
import { createProject, type ProjectKeys, type RunningServer, startServer } from './support/server'
import { type Timings, timings } from './support/stats'

const HELP = `Usage: node --import tsx/esm bench/scores.ts [options]

  --sizes <n,n,...>   answers per database             (default 100000,1000000,10000000)
  --runs <n>          timed requests per query          (default 50, after 5 warm-ups)
  --raw-up-to <n>     time the trait breakdown, which reads every answer, only up to this size
                                                        (default 1000000)
`

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    sizes: { type: 'string', default: '100000,1000000,10000000' },
    runs: { type: 'string', default: '50' },
    'raw-up-to': { type: 'string', default: '1000000' },
    help: { type: 'boolean', short: 'h' },
  },
})

const TARGETS = { rows: 1_000_000, trendP50Ms: 50, summaryP50Ms: 20 }
const WARMUPS = 5
/** The trait breakdown reads every answer: fewer runs keep the benchmark short at 1M. */
const RAW_RUNS = 10
/** Twelve months of answers; the queries ask for exactly this range. */
const RANGE = { from: '2025-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }
const TIME_ZONE = 'Europe/Berlin'
/** Other work on the machine (tests, builds) is waited out this long before measuring regardless. */
const QUIET_WAIT_MS = 3 * 60_000
/** Other processes' CPU above this (percent of a core) while timing makes the figures suspect. */
const NOISE_PERCENT = 10

interface QueryResult extends Timings {
  query: string
  /** Answers the server counted: must equal the rows seeded, or the timing measured the wrong thing. */
  answers: number
}

interface SizeResult {
  rows: number
  seedSeconds: number
  databaseMb: number
  queries: QueryResult[]
  peakRssMb: number
  /** CPU use while the queries ran, in percent of one core; 'others' should be near 0. */
  cpu: CpuShares
}

interface TrendJson {
  points: { summary: { n: number } }[]
  segments?: { key: string; points: { summary: { n: number } }[] }[]
}

interface SummaryJson {
  summary: { n: number }
}

interface Query {
  name: string
  path: (surveyId: string) => string
  /** How many answers the answer says it counted. */
  answers: (json: unknown) => number
}

const search = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString()

const trendAnswers = (json: unknown) =>
  (json as TrendJson).points.reduce((sum, point) => sum + point.summary.n, 0)

const TREND: Query = {
  name: 'trend by week',
  path: (surveyId) =>
    `/admin/v1/scores/trend?${search({ surveyId, period: 'week', ...RANGE, timeZone: TIME_ZONE })}`,
  answers: trendAnswers,
}

const SUMMARY: Query = {
  name: 'summary',
  path: (surveyId) => `/admin/v1/scores/summary?${search({ surveyId, ...RANGE })}`,
  answers: (json) => (json as SummaryJson).summary.n,
}

/** Segments exist only in the answers' trait snapshots, so this reads every answer in the range. */
const TREND_BY_PLAN: Query = {
  name: 'trend by week, split by trait:plan (raw rows)',
  path: (surveyId) =>
    `/admin/v1/scores/trend?${search({ surveyId, period: 'week', ...RANGE, timeZone: TIME_ZONE, splitBy: 'trait:plan' })}`,
  answers: (json) =>
    (json as TrendJson).segments?.reduce(
      (sum, segment) => sum + segment.points.reduce((s, point) => s + point.summary.n, 0),
      0,
    ) ?? 0,
}

function sizesOf(text: string): number[] {
  const sizes = text.split(',').map((part) => Number(part.trim()))
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
    throw new Error(`--sizes must be whole numbers above 0 separated by commas, got '${text}'`)
  }
  return sizes
}

function wholeNumber(name: string, text: string | undefined): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`)
  return value
}

const log = (line: string) => process.stdout.write(`${line}\n`)

/** Times `runs` sequential requests after the warm-ups, checking every answer counted all the rows. */
async function timeQuery(
  server: RunningServer,
  keys: ProjectKeys,
  surveyId: string,
  query: Query,
  runs: { warmups: number; timed: number; rows: number },
): Promise<QueryResult> {
  const path = query.path(surveyId)
  const durations: number[] = []
  let answers = 0
  for (let i = 0; i < runs.warmups + runs.timed; i++) {
    const started = performance.now()
    const json = await getJson<unknown>(server.url, path, keys.secretKey)
    const elapsed = performance.now() - started
    answers = query.answers(json)
    if (answers !== runs.rows) throw new Error(`${query.name} counted ${answers} answers, not ${runs.rows}`)
    if (i >= runs.warmups) durations.push(elapsed)
  }
  return { query: query.name, answers, ...timings(durations) }
}

/** A project and a survey made through the CLI and the admin API, so that the rows are the server's own. */
async function prepareDatabase(database: string): Promise<{ keys: ProjectKeys; surveyId: string }> {
  const keys = await createProject(database, 'Bench scores')
  const server = await startServer(database)
  try {
    return { keys, surveyId: await createNpsSurvey(server.url, keys.secretKey) }
  } finally {
    await server.stop()
  }
}

async function measureSize(rows: number, settings: { runs: number; rawUpTo: number }): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-scores-'))
  const database = join(dir, 'heed.db')
  try {
    log(`${rows.toLocaleString('en')} answers: building the database…`)
    const { keys, surveyId } = await prepareDatabase(database)
    const seedStarted = performance.now()
    const range = { from: Date.parse(RANGE.from), to: Date.parse(RANGE.to) }
    seedAnswers(database, { projectId: keys.id, surveyId, rows, ...range }, log)
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10
    const databaseMb = Math.round(statSync(database).size / 1024 ** 2)
    log(`  built in ${seedSeconds} s, ${databaseMb} MiB; timing the queries…`)

    // The breakdown by trait reads every answer on a reader thread at the lowest priority: a budget long
    // enough that it is measured on a busy machine rather than answered 503.
    const server = await startServer(database, { args: ['--read-budget-ms', '120000'] })
    await waitForQuiet(QUIET_WAIT_MS, log)
    const rss = sampleRss(server.pid)
    const meter = meterCpu(server.pid)
    const queries: QueryResult[] = []
    let peakRssMb = 0
    let cpu: CpuShares = { server: 0, loadGenerator: 0, others: 0, serverSeconds: 0 }
    try {
      const runs = { warmups: WARMUPS, timed: settings.runs, rows }
      queries.push(await timeQuery(server, keys, surveyId, TREND, runs))
      queries.push(await timeQuery(server, keys, surveyId, SUMMARY, runs))
      if (rows <= settings.rawUpTo) {
        const raw = { warmups: 1, timed: Math.min(RAW_RUNS, settings.runs), rows }
        queries.push(await timeQuery(server, keys, surveyId, TREND_BY_PLAN, raw))
      }
    } finally {
      cpu = meter.stop()
      peakRssMb = rss.stop().peakMb
      await server.stop()
    }
    const errors = server.errorLines()
    if (errors.length > 0) throw new Error(`the server logged errors:\n${errors.slice(0, 5).join('\n')}`)
    return { rows, seedSeconds, databaseMb, queries, peakRssMb, cpu }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function targetsOf(results: SizeResult[]): Target[] {
  const atTarget = results.find((result) => result.rows === TARGETS.rows)
  if (!atTarget) return []
  const p50 = (name: string) => atTarget.queries.find((query) => query.query === name)?.p50 ?? Number.NaN
  return [
    {
      what: `trend by week over 1M answers: p50 < ${TARGETS.trendP50Ms} ms`,
      measured: `${p50(TREND.name)} ms`,
      met: p50(TREND.name) < TARGETS.trendP50Ms,
    },
    {
      what: `summary over 1M answers: p50 < ${TARGETS.summaryP50Ms} ms`,
      measured: `${p50(SUMMARY.name)} ms`,
      met: p50(SUMMARY.name) < TARGETS.summaryP50Ms,
    },
  ]
}

function print(results: SizeResult[], targets: Target[]): void {
  const rows = results.flatMap((result) =>
    result.queries.map((query) => [
      result.rows.toLocaleString('en'),
      query.query,
      query.runs,
      query.p50,
      query.p95,
      query.max,
    ]),
  )
  log(`\n${table(['answers', 'query', 'runs', 'p50 ms', 'p95 ms', 'max ms'], rows, 2)}\n`)
  const builds = results.map((r) => [
    r.rows.toLocaleString('en'),
    r.seedSeconds,
    r.databaseMb,
    r.peakRssMb,
    r.cpu.others,
  ])
  log(`${table(['answers', 'build s', 'database MiB', 'server peak RSS MiB', 'CPU% others'], builds)}\n`)
  for (const result of results.filter((r) => r.cpu.others > NOISE_PERCENT)) {
    log(`WARNING: other processes used ${result.cpu.others}% of a core while timing ${result.rows} answers`)
  }
  if (targets.length > 0) {
    log(
      table(
        ['target', 'measured', ''],
        targets.map((t) => [t.what, t.measured, verdict(t.met)]),
      ),
    )
  }
}

async function main(): Promise<void> {
  if (args.help) {
    process.stdout.write(HELP)
    return
  }
  const sizes = sizesOf(args.sizes)
  const settings = {
    runs: wholeNumber('runs', args.runs),
    rawUpTo: wholeNumber('raw-up-to', args['raw-up-to']),
  }
  const results: SizeResult[] = []
  for (const rows of sizes) results.push(await measureSize(rows, settings))
  const targets = targetsOf(results)
  print(results, targets)
  const file = writeResults('scores', {
    benchmark: 'scores',
    date: new Date().toISOString(),
    command: ['pnpm --filter @heed/bench run scores', ...process.argv.slice(2)].join(' '),
    machine: machine(),
    revision: revision(),
    range: RANGE,
    timeZone: TIME_ZONE,
    sizes: results,
    targets,
  })
  log(`\nwritten to ${file}`)
}

await main()
