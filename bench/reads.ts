// Reads beside writes: single-response ingest alone, and while an admin client asks for the score trend split
// by a trait back to back (read from the answers, then from the rollups of a declared segment); the split
// trend's latency by itself; the server's peak memory throughout. Run: node --import tsx/esm bench/reads.ts
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createNpsSurvey, getJson } from './support/api'
import { sampleRss } from './support/memory'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { seedAnswers } from './support/seed'
import { createProject, type ProjectKeys, type RunningServer, startServer } from './support/server'
import { type Timings, timings } from './support/stats'

const HELP = `Usage: node --import tsx/esm bench/reads.ts [options]

  --rows <n>          answers seeded before the server starts   (default 1000000)
  --duration <s>      measured seconds per ingest scenario      (default 10)
  --connections <n>   ingest connections                        (default 50)
  --runs <n>          timed split trends, one after the other   (default 30)
`

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    rows: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string', default: '30' },
    help: { type: 'boolean', short: 'h' },
  },
})

const TARGETS = { ingestShare: 0.7, p99Ms: 50, segmentTrendP50Ms: 100, poolCost: 0.05, rssMb: 200 }
const RANGE = { from: '2025-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }
const TIME_ZONE = 'Europe/Berlin'
const WARMUP_SECONDS = 3

const log = (line: string) => process.stdout.write(`${line}\n`)

function whole(name: string, text: string | undefined): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`)
  return value
}

interface IngestResult {
  scenario: string
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
  server: RunningServer,
  keys: ProjectKeys,
  surveyId: string,
  settings: { seconds: number; connections: number; trait?: string },
): Promise<IngestResult> {
  log(`${name}: ${WARMUP_SECONDS} s warm-up, ${settings.seconds} s measured…`)
  const rss = sampleRss(server.pid)
  await ingest(server, keys, surveyId, WARMUP_SECONDS, settings.connections)
  let running = true
  let trends = 0
  let trendsOverBudget = 0
  const reader = (async () => {
    if (settings.trait === undefined) return
    while (running) {
      const response = await fetch(new URL(trendPath(surveyId, settings.trait), server.url), {
        headers: { authorization: `Bearer ${keys.secretKey}` },
      })
      await response.arrayBuffer()
      if (response.status === 503) trendsOverBudget++
      else if (response.status !== 200) throw new Error(`split trend: ${response.status}`)
      trends++
    }
  })()
  const result = await ingest(server, keys, surveyId, settings.seconds, settings.connections)
  running = false
  await reader
  return {
    scenario: name,
    requestsPerSecond: Math.round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    trends,
    trendsOverBudget,
    peakRssMb: rss.stop().peakMb,
  }
}

async function timeTrend(
  server: RunningServer,
  keys: ProjectKeys,
  surveyId: string,
  trait: string,
  runs: number,
) {
  const durations: number[] = []
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now()
    await getJson(server.url, trendPath(surveyId, trait), keys.secretKey)
    if (i >= 3) durations.push(performance.now() - started)
  }
  return timings(durations)
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

async function main() {
  if (args.help) {
    log(HELP)
    return
  }
  const rows = whole('rows', args.rows)
  const seconds = whole('duration', args.duration)
  const connections = whole('connections', args.connections)
  const runs = whole('runs', args.runs)
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-reads-'))
  const database = join(dir, 'heed.db')
  try {
    const keys = await createProject(database, 'Bench reads')
    let server = await startServer(database)
    const surveyId = await createNpsSurvey(server.url, keys.secretKey)
    await server.stop()
    log(`${rows.toLocaleString('en')} answers: building the database…`)
    seedAnswers(
      database,
      { projectId: keys.id, surveyId, rows, from: Date.parse(RANGE.from), to: Date.parse(RANGE.to) },
      log,
    )

    server = await startServer(database)
    const rss = sampleRss(server.pid)
    const ingestOpts = { seconds, connections }
    const alone = await ingestScenario('ingest alone', server, keys, surveyId, ingestOpts)
    const withRaw = await ingestScenario('ingest + split trend from rows', server, keys, surveyId, {
      ...ingestOpts,
      trait: 'plan',
    })
    // Plain ingest again, with the reader threads started by the reads before: what the pool costs writes.
    const afterReads = await ingestScenario(
      'ingest alone, reader threads started',
      server,
      keys,
      surveyId,
      ingestOpts,
    )
    log('declaring plan as a segment and waiting for its backfill…')
    const backfillSeconds = await declareSegment(server, keys, 'plan')
    const withSegment = await ingestScenario(
      'ingest + split trend from segment rollups',
      server,
      keys,
      surveyId,
      {
        ...ingestOpts,
        trait: 'plan',
      },
    )
    // Each answer now also counts into the segment's rollups.
    const segmentDeclared = await ingestScenario(
      'ingest alone, segment declared',
      server,
      keys,
      surveyId,
      ingestOpts,
    )
    log('timing the split trend alone…')
    const segmentTrend = await timeTrend(server, keys, surveyId, 'plan', runs)
    const peakRssMb = rss.stop().peakMb
    await server.stop()
    // A split trend stopped at its budget is answered 503 and logged at level error; those are counted above.
    const errors = server.errorLines().filter((line) => !line.includes('"status":503'))
    if (errors.length > 0) throw new Error(`the server logged errors:\n${errors.slice(0, 5).join('\n')}`)
    report({
      rows,
      backfillSeconds,
      scenarios: [alone, withRaw, afterReads, withSegment, segmentDeclared],
      segmentTrend,
      peakRssMb,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function report(results: {
  rows: number
  backfillSeconds: number
  scenarios: IngestResult[]
  segmentTrend: Timings
  peakRssMb: number
}) {
  const [alone, withRaw, afterReads, withSegment] = results.scenarios as [
    IngestResult,
    IngestResult,
    IngestResult,
    IngestResult,
  ]
  log(
    table(
      ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'trends', 'trends 503', 'peak RSS MiB'],
      results.scenarios.map((s) => [
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
  const share = (s: IngestResult) => s.requestsPerSecond / Math.max(1, alone.requestsPerSecond)
  const targets: Target[] = [
    ...[withRaw, withSegment].map((s) => ({
      what: `${s.scenario}: throughput ≥ ${TARGETS.ingestShare * 100}% of ingest alone, p99 < ${TARGETS.p99Ms} ms`,
      measured: `${Math.round(share(s) * 100)}%, p99 ${s.p99Ms} ms`,
      met: share(s) >= TARGETS.ingestShare && s.p99Ms < TARGETS.p99Ms,
    })),
    {
      what: `trend by week split by a declared segment, ${results.rows.toLocaleString('en')} answers: p50 < ${TARGETS.segmentTrendP50Ms} ms`,
      measured: `p50 ${results.segmentTrend.p50} ms, p95 ${results.segmentTrend.p95} ms`,
      met: results.segmentTrend.p50 < TARGETS.segmentTrendP50Ms,
    },
    {
      what: `plain ingest with the reader threads started costs ≤ ${TARGETS.poolCost * 100}%`,
      measured: `${Math.round((1 - share(afterReads)) * 1000) / 10}% less`,
      met: 1 - share(afterReads) <= TARGETS.poolCost,
    },
    {
      what: `peak RSS < ${TARGETS.rssMb} MB`,
      measured: `${results.peakRssMb} MiB`,
      met: results.peakRssMb < TARGETS.rssMb,
    },
  ]
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

await main()
