// Reads beside writes: single-response ingest alone, and while an admin client asks for the score trend split
// by a trait back to back (read from the answers, then from the rollups of a declared segment); the split
// trend's latency by itself; the server's peak memory throughout. Run: node --import tsx/esm bench/reads.ts
import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createNpsSurvey, getJson } from './support/api'
import { megabytes, sampleRss } from './support/memory'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { seedAnswers } from './support/seed'
import { createProject, type ProjectKeys, type RunningServer, startServer } from './support/server'
import { type Timings, timings } from './support/stats'

const HELP = `Usage: node --import tsx/esm bench/reads.ts [options]

  --rows <n>          answers seeded before the servers start          (default 1000000)
  --duration <s>      measured seconds per ingest scenario             (default 8)
  --rounds <n>        alternations of each pair of scenarios           (default 3)
  --connections <n>   ingest connections                               (default 50)
  --runs <n>          timed split trends, one after the other          (default 30)
  --trend-only        seed, declare the segment and time the split trend only (for --rows 10000000)
  --server-args <s>   more options for heed start, space-separated (e.g. "--readers 2")
`

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    rows: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string', default: '30' },
    'trend-only': { type: 'boolean', default: false },
    'server-args': { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h' },
  },
})

const TARGETS = {
  ingestShare: 0.7,
  p99Ms: 50,
  segmentTrendP50Ms: { 1000000: 100, 10000000: 300 } as Record<number, number>,
  poolCost: 0.05,
  rssMb: 200,
}
const RANGE = { from: '2025-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }
const TIME_ZONE = 'Europe/Berlin'
const WARMUP_SECONDS = 2

const log = (line: string) => process.stdout.write(`${line}\n`)

function whole(name: string, text: string | undefined): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`)
  return value
}

interface IngestResult {
  scenario: string
  round: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  non2xx: number
  /** Split trends answered while the ingest load ran, and how many of them ran past their budget (503). */
  trends: number
  trendsOverBudget: number
  /** The server's peak resident set during this scenario (warm-up included). */
  peakRssMb: number
}

/** Two scenarios measured in turns, round after round: each round's ratio, and their median. */
interface Pair {
  name: string
  base: IngestResult[]
  other: IngestResult[]
  /** other / base per round, and the median of those. */
  ratios: number[]
  medianRatio: number
}

const trendPath = (surveyId: string, trait: string) =>
  `/admin/v1/scores/trend?${new URLSearchParams({ surveyId, period: 'week', ...RANGE, timeZone: TIME_ZONE, splitBy: `trait:${trait}` })}`

/** Single answers as the widget sends them, with a plan trait; ids never repeat. */
async function ingest(
  server: RunningServer,
  keys: ProjectKeys,
  surveyId: string,
  seconds: number,
  connections: number,
) {
  let n = 0
  return autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/ingest/v1/responses',
        headers: { authorization: `Bearer ${keys.publicKey}`, 'content-type': 'application/json' },
        setupRequest: (request) => {
          n++
          return {
            ...request,
            body: JSON.stringify({
              id: randomUUID(),
              surveyId,
              anonymousId: `visitor-${n % 10_000}`,
              score: (n * 7) % 11,
              traits: { plan: n % 3 === 0 ? 'pro' : 'free' },
            }),
          }
        },
      },
    ],
  })
}

/** Ingest for `seconds`, with the split trend asked back to back meanwhile when `trait` is given. */
async function ingestScenario(
  name: string,
  round: number,
  server: RunningServer,
  load: Load,
  trait?: string,
): Promise<IngestResult> {
  log(`round ${round}, ${name}: ${WARMUP_SECONDS} s warm-up, ${load.seconds} s measured…`)
  const rss = sampleRss(server.pid)
  await ingest(server, load.keys, load.surveyId, WARMUP_SECONDS, load.connections)
  let running = true
  let trends = 0
  let trendsOverBudget = 0
  const reader = (async () => {
    if (trait === undefined) return
    while (running) {
      const response = await fetch(new URL(trendPath(load.surveyId, trait), server.url), {
        headers: { authorization: `Bearer ${load.keys.secretKey}` },
      })
      await response.arrayBuffer()
      if (response.status === 503) trendsOverBudget++
      else if (response.status !== 200) throw new Error(`split trend: ${response.status}`)
      trends++
    }
  })()
  const result = await ingest(server, load.keys, load.surveyId, load.seconds, load.connections)
  running = false
  await reader
  return {
    scenario: name,
    round,
    requestsPerSecond: Math.round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    trends,
    trendsOverBudget,
    peakRssMb: rss.stop().peakMb,
  }
}

interface Load {
  keys: ProjectKeys
  surveyId: string
  seconds: number
  connections: number
  rounds: number
}

/**
 * `base` then `other`, `load.rounds` times in turns, so that a slow spell of the shared machine depresses
 * both alike rather than one of them: the figure is the median of the rounds' ratios.
 */
async function alternate(
  name: string,
  load: Load,
  base: (round: number) => Promise<IngestResult>,
  other: (round: number) => Promise<IngestResult>,
): Promise<Pair> {
  const pair: Pair = { name, base: [], other: [], ratios: [], medianRatio: 0 }
  for (let round = 1; round <= load.rounds; round++) {
    const a = await base(round)
    const b = await other(round)
    pair.base.push(a)
    pair.other.push(b)
    pair.ratios.push(b.requestsPerSecond / Math.max(1, a.requestsPerSecond))
  }
  pair.medianRatio = median(pair.ratios)
  return pair
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const value =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
  return Math.round(value * 1000) / 1000
}

async function timeTrend(server: RunningServer, load: Load, trait: string, runs: number) {
  const durations: number[] = []
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now()
    await getJson(server.url, trendPath(load.surveyId, trait), load.keys.secretKey)
    if (i >= 3) durations.push(performance.now() - started)
  }
  return timings(durations)
}

/** What `work` returns, with the server's peak RSS while it ran: a phase's own peak in the report. */
async function withPeak<T>(server: RunningServer, work: () => Promise<T>): Promise<[T, number]> {
  const rss = sampleRss(server.pid)
  const value = await work()
  return [value, rss.stop().peakMb]
}

/** Declares the segment and waits for its backfill job to finish; returns the backfill's seconds. */
async function declareSegment(server: RunningServer, keys: ProjectKeys, trait: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(new URL('/admin/v1/project', server.url), {
    method: 'PATCH',
    headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ segments: [trait] }),
  })
  if (response.status !== 200)
    throw new Error(`declaring ${trait}: ${response.status} ${await response.text()}`)
  const { project } = (await response.json()) as { project: { segments: { jobId: string | null }[] } }
  const jobId = project.segments[0]?.jobId
  for (;;) {
    const { job } = await getJson<{ job: { status: string; progress: number } }>(
      server.url,
      `/admin/v1/jobs/${jobId}`,
      keys.secretKey,
    )
    if (job.status === 'done') return Math.round((performance.now() - started) / 100) / 10
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** The server's threads and their niceness (Linux), to check that the reader threads run at a lower one. */
function threadNiceness(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      // After the command name in parentheses: state is field 3 of stat(5), nice field 19.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
    })
  } catch {
    return []
  }
}

async function main() {
  if (args.help) {
    log(HELP)
    return
  }
  const rows = whole('rows', args.rows)
  const runs = whole('runs', args.runs)
  const serverArgs = (args['server-args'] ?? '').split(' ').filter((arg) => arg.length > 0)
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-reads-'))
  const database = join(dir, 'heed.db')
  const servers: RunningServer[] = []
  try {
    const keys = await createProject(database, 'Bench reads')
    const first = await startServer(database)
    const surveyId = await createNpsSurvey(first.url, keys.secretKey)
    await first.stop()
    log(`${rows.toLocaleString('en')} answers: building the database…`)
    seedAnswers(
      database,
      { projectId: keys.id, surveyId, rows, from: Date.parse(RANGE.from), to: Date.parse(RANGE.to) },
      log,
    )
    const load: Load = {
      keys,
      surveyId,
      seconds: whole('duration', args.duration),
      connections: whole('connections', args.connections),
      rounds: whole('rounds', args.rounds),
    }

    if (args['trend-only']) {
      const server = await startServer(database, { args: serverArgs })
      servers.push(server)
      const rss = sampleRss(server.pid)
      log('declaring plan as a segment and waiting for its backfill…')
      const [backfillSeconds, backfill] = await withPeak(server, () => declareSegment(server, keys, 'plan'))
      log('timing the split trend…')
      const [segmentTrend, trendAlone] = await withPeak(server, () => timeTrend(server, load, 'plan', runs))
      const peakRssMb = rss.stop().peakMb
      reportTrendOnly({
        rows,
        backfillSeconds,
        segmentTrend,
        peakRssMb,
        phasePeaksMb: { backfill, trendAlone },
      })
      return
    }

    // A twin of the database for a server whose reader threads never start: the pool's cost on ingest.
    const twin = join(dir, 'twin.db')
    copyFileSync(database, twin)
    const server = await startServer(database, { args: serverArgs })
    const plain = await startServer(twin, { args: serverArgs })
    servers.push(server, plain)
    const rss = sampleRss(server.pid)
    // Any analytics read starts a reader thread; this one reads next to nothing.
    await getJson(server.url, '/admin/v1/persons', keys.secretKey)
    const niceness = threadNiceness(server.pid)
    const pool = await alternate(
      'ingest alone: reader threads never started vs started and idle',
      load,
      (round) => ingestScenario('ingest alone, no reader threads', round, plain, load),
      (round) => ingestScenario('ingest alone, reader threads idle', round, server, load),
    )
    const plainPeakRssMb = Math.max(...pool.base.map((result) => result.peakRssMb))
    await plain.stop()
    servers.pop()

    const raw = await alternate(
      'ingest + split trend from rows',
      load,
      (round) => ingestScenario('ingest alone', round, server, load),
      (round) => ingestScenario('ingest + split trend from rows', round, server, load, 'plan'),
    )
    log('declaring plan as a segment and waiting for its backfill…')
    const [backfillSeconds, backfill] = await withPeak(server, () => declareSegment(server, keys, 'plan'))
    // From here on, each answer also counts into the segment's rollups, in the alone rounds too.
    const segment = await alternate(
      'ingest + split trend from segment rollups',
      load,
      (round) => ingestScenario('ingest alone, segment declared', round, server, load),
      (round) => ingestScenario('ingest + split trend from segment rollups', round, server, load, 'plan'),
    )
    log('timing the split trend alone…')
    const [segmentTrend, trendAlone] = await withPeak(server, () => timeTrend(server, load, 'plan', runs))
    const peakRssMb = rss.stop().peakMb
    await server.stop()
    servers.pop()
    // A split trend stopped at its budget is answered 503 and logged at level error; those are counted above.
    const errors = server.errorLines().filter((line) => !line.includes('"status":503'))
    if (errors.length > 0) throw new Error(`the server logged errors:\n${errors.slice(0, 5).join('\n')}`)
    report({
      rows,
      serverArgs,
      readerNiceness: niceness,
      backfillSeconds,
      pool,
      raw,
      segment,
      segmentTrend,
      plainPeakRssMb,
      peakRssMb,
      phasePeaksMb: { backfill, trendAlone },
    })
  } finally {
    for (const server of servers) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`

function report(results: {
  rows: number
  serverArgs: string[]
  readerNiceness: number[]
  backfillSeconds: number
  pool: Pair
  raw: Pair
  segment: Pair
  segmentTrend: Timings
  plainPeakRssMb: number
  peakRssMb: number
  /** The peak RSS during the segment's backfill and during the split trends timed alone. */
  phasePeaksMb: { backfill: number; trendAlone: number }
}) {
  const { pool, raw, segment, segmentTrend } = results
  const scenarios = [pool, raw, segment].flatMap((pair) =>
    pair.base.flatMap((base, i) => [base, pair.other[i] as IngestResult]),
  )
  log(
    table(
      ['round', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'trends', 'trends 503', 'peak RSS MiB'],
      scenarios.map((s) => [
        s.round,
        s.scenario,
        s.requestsPerSecond,
        s.p50Ms,
        s.p99Ms,
        s.non2xx,
        s.trends,
        s.trendsOverBudget,
        s.peakRssMb,
      ]),
    ),
  )
  const worstP99 = (pair: Pair) => Math.max(...pair.other.map((s) => s.p99Ms))
  const medianP99 = (pair: Pair) => median(pair.other.map((s) => s.p99Ms))
  const target = TARGETS.segmentTrendP50Ms[results.rows]
  const targets: Target[] = [
    ...[raw, segment].map((pair) => ({
      what: `${pair.name}: throughput ≥ ${TARGETS.ingestShare * 100}% of ingest alone, p99 < ${TARGETS.p99Ms} ms (medians of ${pair.ratios.length} rounds)`,
      measured: `${percent(pair.medianRatio)} (rounds ${pair.ratios.map(percent).join(', ')}), p99 ${medianP99(pair)} ms (worst ${worstP99(pair)})`,
      met: pair.medianRatio >= TARGETS.ingestShare && medianP99(pair) < TARGETS.p99Ms,
    })),
    ...(target === undefined
      ? []
      : [
          {
            what: `trend by week split by a declared segment, ${results.rows.toLocaleString('en')} answers: p50 < ${target} ms`,
            measured: `p50 ${segmentTrend.p50} ms, p95 ${segmentTrend.p95} ms`,
            met: segmentTrend.p50 < target,
          },
        ]),
    {
      what: `plain ingest with the reader threads started and idle costs ≤ ${TARGETS.poolCost * 100}% (median of ${pool.ratios.length} rounds)`,
      measured: `${percent(1 - pool.medianRatio)} less (rounds ${pool.ratios.map((r) => percent(1 - r)).join(', ')})`,
      met: 1 - pool.medianRatio <= TARGETS.poolCost,
    },
    {
      what: `peak RSS < ${TARGETS.rssMb} MB`,
      measured: `${results.peakRssMb} MiB with reads (${results.plainPeakRssMb} MiB ingest only; backfill ${results.phasePeaksMb.backfill}, split trends alone ${results.phasePeaksMb.trendAlone})`,
      met: megabytes(results.peakRssMb) < TARGETS.rssMb,
    },
  ]
  log(`reader threads' niceness: ${results.readerNiceness.join(' ')}`)
  log(
    table(
      ['target', 'measured', ''],
      targets.map((t) => [t.what, t.measured, verdict(t.met)]),
      2,
    ),
  )
  const file = writeResults('reads', { machine: machine(), revision: revision(), ...results, targets })
  log(`results written to ${file}`)
}

function reportTrendOnly(results: {
  rows: number
  backfillSeconds: number
  segmentTrend: Timings
  peakRssMb: number
  phasePeaksMb: { backfill: number; trendAlone: number }
}) {
  const target = TARGETS.segmentTrendP50Ms[results.rows]
  log(
    `${results.rows.toLocaleString('en')} answers: backfill ${results.backfillSeconds} s; split trend from the segment's rollups p50 ${results.segmentTrend.p50} ms, p95 ${results.segmentTrend.p95} ms, max ${results.segmentTrend.max} ms (target ${target ?? 'none'}); peak RSS ${results.peakRssMb} MiB (backfill ${results.phasePeaksMb.backfill}, trends ${results.phasePeaksMb.trendAlone})`,
  )
  const file = writeResults(`reads-${results.rows}`, {
    machine: machine(),
    revision: revision(),
    ...results,
  })
  log(`results written to ${file}`)
}

await main()
