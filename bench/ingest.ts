// Ingest throughput: single responses and event batches of 100, sent by autocannon to the real server in a
// child process, with the server's peak memory. Run: node --import tsx/esm bench/ingest.ts [--help]
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SCORE_COLUMNS } from '@heed/server/store/rollups'
import autocannon from 'autocannon'
import SQLite from 'better-sqlite3'
import { createNpsSurvey } from './support/api'
import { type CpuShares, meterCpu, waitForQuiet } from './support/cpu'
import { type MachineSpeed, measureMachineSpeed } from './support/machine-speed'
import { megabytes, sampleRss } from './support/memory'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { createProject, type RunningServer, startServer } from './support/server'

const HELP = `Usage: node --import tsx/esm bench/ingest.ts [options]

  --duration <s>            measured seconds per scenario        (default 10)
  --warmup <s>              unmeasured seconds before each        (default 3)
  --connections <n>         connections for single responses      (default 50)
  --event-connections <n>   connections for event batches         (default 10)
  --rounds <n>              rounds, each on a new server and database; the figures are the median round's
                            (by items/s), the peak memory the highest of all           (default 3)
  --only <scenario>         run only 'responses' or 'events' (for profiling; results are not written)
  --cpu-prof <dir>          write a CPU profile of the server to dir (results are not written)
`

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'event-connections': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

const TARGETS = { responsesPerSecond: 10_000, p99Ms: 20, eventsPerSecond: 150_000, rssMb: 200 }
const BATCH_SIZE = 100
/** Other work on the machine (tests, builds) is waited out this long before measuring regardless. */
const QUIET_WAIT_MS = 3 * 60_000
/** Other processes' CPU above this (percent of a core) during a run makes its figures suspect. */
const NOISE_PERCENT = 10
/** The whole run is bounded: should the server hang, the benchmark still ends. */
const WATCHDOG_MS = 10 * 60_000
/**
 * An id as the widget makes it (packages/widget/src/ids.ts): the time in base 36, nine digits, then a random
 * UUID. Its length and order decide how much the primary-key indexes cost, so the bench uses the same shape.
 */
const widgetId = (ms: number) => `${ms.toString(36).padStart(9, '0')}-${randomUUID()}`
const PAGE = 'https://app.example.com/settings/billing'

interface Scenario {
  name: string
  path: string
  connections: number
  /** Items stored per request: 1 response, or BATCH_SIZE events. */
  itemsPerRequest: number
  /** The body of the n-th request of the scenario, warm-up included: every id in it is new. */
  body(n: number): string | Buffer
}

interface ScenarioResult {
  name: string
  connections: number
  itemsPerRequest: number
  seconds: number
  requests: number
  requestsPerSecond: number
  itemsPerSecond: number
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
  errors: number
  timeouts: number
  non2xx: number
  /** 2xx answers of the warm-up and the measured run: the stored rows must account for all of them. */
  acknowledged: number
  peakRssMb: number
  /** CPU use during the measured run, in percent of one core; 'others' should be near 0. */
  cpu: CpuShares
  /**
   * The server's CPU time per item stored (response or event), in microseconds: it moves less than the
   * rates when other processes share the machine (though contention still inflates it somewhat).
   */
  serverCpuMicrosPerItem: number
  /** The machine's speed just before the scenario ran. */
  machineSpeed: MachineSpeed
}

function positive(name: string, text: string | undefined): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a number above 0, got '${text}'`)
  return value
}

/**
 * A plausible NPS mix (about 50% promoters, 22% passives, 28% detractors), the same as the scores
 * benchmark seeds: the share of detractors matters, since each one opens a follow-up case.
 */
function npsScore(n: number): number {
  const r = (n * 19) % 100
  if (r < 30) return 10
  if (r < 50) return 9
  if (r < 62) return 8
  if (r < 72) return 7
  return r % 7
}

/** One answer per request, as the widget sends it the moment a score is picked; ids never repeat. */
function responseScenario(surveyId: string, connections: number): Scenario {
  return {
    name: 'responses',
    path: '/ingest/v1/responses',
    connections,
    itemsPerRequest: 1,
    body: (n) =>
      JSON.stringify({
        id: widgetId(Date.now()),
        surveyId,
        anonymousId: `visitor-${n % 10_000}`,
        userId: `user-${n % 10_000}`,
        accountId: `account-${n % 500}`,
        score: npsScore(n),
        locale: 'en',
        url: PAGE,
        traits: { plan: n % 3 === 0 ? 'pro' : 'free' },
      }),
  }
}

const EVENT_NAMES = ['Report Viewed', 'Filter Applied', 'Export Clicked', 'Invite Sent', 'Settings Saved']

/** A widget's flushed queue: one signed-in visitor's 100 events (page views and tracks) per request. */
function eventScenario(connections: number): Scenario {
  const template = JSON.stringify({
    events: Array.from({ length: BATCH_SIZE }, (_, i) => ({
      id: HOLE.id,
      type: i % 5 === 0 ? 'page' : 'track',
      name: i % 5 === 0 ? PAGE : EVENT_NAMES[i % EVENT_NAMES.length],
      anonymousId: `visitor-${HOLE.visitor}`,
      userId: `user-${HOLE.visitor}`,
      accountId: `account-${HOLE.account}`,
      sessionId: `session-${HOLE.visitor}`,
      properties: { step: i, plan: 'pro' },
      url: PAGE,
      timestamp: HOLE.timestamp,
    })),
  })
  const fill = fillTemplate(template)
  return {
    name: 'event batches of 100',
    path: '/ingest/v1/events',
    connections,
    itemsPerRequest: BATCH_SIZE,
    body: (n) => {
      const visitor = n % 10_000
      const ms = Date.now()
      return fill({
        id: Array.from({ length: BATCH_SIZE }, () => widgetId(ms)),
        visitor: String(visitor).padStart(HOLE_WIDTH.visitor, '0'),
        account: String(visitor % 500).padStart(HOLE_WIDTH.account, '0'),
        timestamp: new Date(ms).toISOString(),
      })
    },
  }
}

/** Markers left in a template's JSON where each request's values go; JSON keeps them as they are. */
const HOLE = {
  id: '\u0001id\u0001',
  visitor: '\u0001visitor\u0001',
  account: '\u0001account\u0001',
  timestamp: '\u0001timestamp\u0001',
}
/** A value for every hole of a name, or one per hole, in the order they appear. */
type Holes = Record<keyof typeof HOLE, string | readonly string[]>
/** Each hole's value has a fixed width (numbers padded with zeros), so it lands at fixed byte offsets. */
const HOLE_WIDTH: Record<keyof typeof HOLE, number> = { id: 46, visitor: 4, account: 3, timestamp: 24 }

/**
 * The body of 100 events is the template's bytes with each request's values written over its holes. The
 * load generator shares the two cores with the server, so it must cost little: a 25 kB string built per
 * request, then encoded to bytes by autocannon, took it a fifth to a third of a core.
 */
function fillTemplate(json: string): (values: Holes) => Buffer {
  // JSON.stringify writes U+0001 as the escape \u0001, so the markers are searched for in that form.
  const parts = json.split(/\\u0001(id|visitor|account|timestamp)\\u0001/)
  const holes: Array<{ name: keyof typeof HOLE; nth: number; offset: number }> = []
  const seen: Record<keyof typeof HOLE, number> = { id: 0, visitor: 0, account: 0, timestamp: 0 }
  let text = ''
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      text += parts[i]
      continue
    }
    const name = parts[i] as keyof typeof HOLE
    holes.push({ name, nth: seen[name]++, offset: Buffer.byteLength(text) })
    text += ' '.repeat(HOLE_WIDTH[name])
  }
  // One buffer for every request: autocannon copies the body into the request it builds before sending it.
  const body = Buffer.from(text)
  return (values) => {
    for (const { name, nth, offset } of holes) {
      const held = values[name]
      const value = typeof held === 'string' ? held : held[nth]
      if (value?.length !== HOLE_WIDTH[name])
        throw new Error(`${name} '${value}' is not ${HOLE_WIDTH[name]} wide`)
      // Byte by byte: the values are ASCII, and a Buffer.write call per hole (600 a body) cost more.
      for (let j = 0; j < value.length; j++) body[offset + j] = value.charCodeAt(j)
    }
    return body
  }
}

/** Runs autocannon for `seconds`; each request draws the next body from the scenario's shared counter. */
function load(
  server: RunningServer,
  publicKey: string,
  scenario: Scenario,
  next: { n: number },
  seconds: number,
) {
  return autocannon({
    url: server.url,
    connections: scenario.connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: scenario.path,
        headers: { authorization: `Bearer ${publicKey}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: scenario.body(next.n++) }),
      },
    ],
  })
}

/** A warm-up (JIT, caches, SQLite pages) then the measured run, the server's memory sampled throughout. */
async function measure(
  server: RunningServer,
  publicKey: string,
  scenario: Scenario,
  seconds: { warmup: number; measured: number },
): Promise<ScenarioResult> {
  const log = (line: string) => process.stdout.write(`${line}\n`)
  log(`${scenario.name}: ${seconds.warmup} s warm-up, ${seconds.measured} s measured…`)
  await waitForQuiet(QUIET_WAIT_MS, log)
  const machineSpeed = measureMachineSpeed()
  const next = { n: 0 }
  const rss = sampleRss(server.pid)
  const warmup = await load(server, publicKey, scenario, next, seconds.warmup)
  const cpu = meterCpu(server.pid)
  const result = await load(server, publicKey, scenario, next, seconds.measured)
  const shares = cpu.stop()
  const { peakMb } = rss.stop()
  const requestsPerSecond = result['2xx'] / result.duration
  return {
    name: scenario.name,
    connections: scenario.connections,
    itemsPerRequest: scenario.itemsPerRequest,
    seconds: result.duration,
    requests: result['2xx'],
    requestsPerSecond: Math.round(requestsPerSecond),
    itemsPerSecond: Math.round(requestsPerSecond * scenario.itemsPerRequest),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    errors: result.errors + warmup.errors,
    timeouts: result.timeouts + warmup.timeouts,
    non2xx: result.non2xx + warmup.non2xx,
    acknowledged: result['2xx'] + warmup['2xx'],
    peakRssMb: peakMb,
    cpu: shares,
    serverCpuMicrosPerItem: Math.round(
      (shares.serverSeconds * 1e6) / Math.max(1, result['2xx'] * scenario.itemsPerRequest),
    ),
    machineSpeed,
  }
}

interface Stored {
  responses: number
  rolledUp: number
  events: number
}

/** What the database holds once the server has stopped: every acknowledged item must be there. */
function countStored(database: string): Stored {
  const sqlite = new SQLite(database, { readonly: true })
  try {
    const count = (sql: string) => Number((sqlite.prepare(sql).get() as { n: number }).n)
    return {
      responses: count('SELECT COUNT(*) AS n FROM responses'),
      rolledUp: count(`SELECT COALESCE(SUM(${SCORE_COLUMNS.join(' + ')}), 0) AS n FROM response_rollups`),
      events: count('SELECT COUNT(*) AS n FROM events'),
    }
  } finally {
    sqlite.close()
  }
}

interface Measured {
  responses?: ScenarioResult
  events?: ScenarioResult
}

/**
 * Problems that make the run invalid, as opposed to slow: errors, non-2xx answers, lost or extra rows.
 * Requests still in flight when autocannon stops may be stored without being counted, hence the slack.
 */
function problemsOf(measured: Measured, stored: Stored, serverErrors: string[]): string[] {
  const problems: string[] = []
  for (const result of [measured.responses, measured.events]) {
    if (result && result.errors + result.timeouts + result.non2xx > 0) {
      problems.push(
        `${result.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
      )
    }
  }
  const accounted = (rows: number, result: ScenarioResult | undefined) =>
    result === undefined
      ? rows === 0
      : rows >= result.acknowledged * result.itemsPerRequest &&
        rows <= (result.acknowledged + 2 * result.connections) * result.itemsPerRequest
  if (!accounted(stored.responses, measured.responses) || stored.rolledUp !== stored.responses) {
    problems.push(
      `responses: ${measured.responses?.acknowledged ?? 0} acknowledged, ${stored.responses} stored, ${stored.rolledUp} in the rollups`,
    )
  }
  if (!accounted(stored.events, measured.events)) {
    problems.push(
      `events: ${(measured.events?.acknowledged ?? 0) * BATCH_SIZE} acknowledged, ${stored.events} stored`,
    )
  }
  if (serverErrors.length > 0) {
    problems.push(`the server logged ${serverErrors.length} errors:\n${serverErrors.slice(0, 5).join('\n')}`)
  }
  return problems
}

/** Runs whose figures are suspect because other processes took CPU time from the server. */
function warningsOf(measured: Measured): string[] {
  return [measured.responses, measured.events]
    .filter((result) => result !== undefined && result.cpu.others > NOISE_PERCENT)
    .map(
      (result) =>
        `${result?.name}: other processes used ${result?.cpu.others}% of a core during the run; the figures understate the server`,
    )
}

function targetsOf({ responses, events }: Measured, peakRssMb: number): Target[] {
  const targets: Target[] = []
  if (responses) {
    targets.push(
      {
        what: `single responses >= ${TARGETS.responsesPerSecond.toLocaleString('en')} req/s`,
        measured: `${responses.requestsPerSecond.toLocaleString('en')} req/s`,
        met: responses.requestsPerSecond >= TARGETS.responsesPerSecond,
      },
      {
        what: `single responses p99 < ${TARGETS.p99Ms} ms`,
        measured: `${responses.latencyMs.p99} ms`,
        met: responses.latencyMs.p99 < TARGETS.p99Ms,
      },
    )
  }
  if (events) {
    targets.push({
      what: `event batches >= ${TARGETS.eventsPerSecond.toLocaleString('en')} events/s`,
      measured: `${events.itemsPerSecond.toLocaleString('en')} events/s`,
      met: events.itemsPerSecond >= TARGETS.eventsPerSecond,
    })
  }
  targets.push({
    what: `server RSS under load < ${TARGETS.rssMb} MB`,
    measured: `${peakRssMb} MiB`,
    met: megabytes(peakRssMb) < TARGETS.rssMb,
  })
  return targets
}

function print(
  rounds: Measured[],
  median: Measured,
  targets: Target[],
  problems: string[],
  warnings: string[],
): void {
  const labelled = (label: string, measured: Measured) =>
    [measured.responses, measured.events]
      .filter((r) => r !== undefined)
      .map((r) => ({ ...r, name: `${r.name} ${label}` }))
  const rows = [
    ...rounds.flatMap((measured, i) => labelled(`#${i + 1}`, measured)),
    ...(rounds.length > 1 ? labelled('(median)', median) : []),
  ]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((r) => [
      r.name,
      r.connections,
      r.requestsPerSecond.toLocaleString('en'),
      r.itemsPerSecond.toLocaleString('en'),
      r.latencyMs.p50,
      r.latencyMs.p99,
      r.latencyMs.max,
      r.errors + r.timeouts + r.non2xx,
      r.peakRssMb,
      r.serverCpuMicrosPerItem,
      r.cpu.server,
      r.cpu.loadGenerator,
      r.cpu.others,
      r.machineSpeed.cpuMs,
      r.machineSpeed.sqliteMicrosPerRow,
    ])
  const head = [
    'scenario',
    'conns',
    'req/s',
    'items/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors',
    'peak RSS MiB',
    'server CPU µs/item',
    'CPU% server',
    'CPU% autocannon',
    'CPU% others',
    'probe CPU ms',
    'probe SQLite µs/row',
  ]
  console.log(`\n${table(head, rows)}\n`)
  console.log(
    table(
      ['target', 'measured', ''],
      targets.map((t) => [t.what, t.measured, verdict(t.met)]),
    ),
  )
  for (const warning of warnings) console.error(`WARNING: ${warning}`)
  for (const problem of problems) console.error(`INVALID RUN: ${problem}`)
}

interface Settings {
  seconds: { warmup: number; measured: number }
  connections: number
  eventConnections: number
  only: 'responses' | 'events' | undefined
  cpuProf: string | undefined
  rounds: number
}

function settingsOf(): Settings {
  const only = args.only
  if (only !== undefined && only !== 'responses' && only !== 'events') {
    throw new Error(`--only must be 'responses' or 'events', got '${only}'`)
  }
  return {
    seconds: { warmup: positive('warmup', args.warmup), measured: positive('duration', args.duration) },
    connections: positive('connections', args.connections),
    eventConnections: positive('event-connections', args['event-connections']),
    only,
    cpuProf: args['cpu-prof'],
    rounds: Math.round(positive('rounds', args.rounds)),
  }
}

/**
 * The round in the middle by items/s. Rounds on this shared virtual machine differ by up to a third
 * (the same code, minutes apart): one round's figure says little, the median of several more.
 */
function medianOf(results: Array<ScenarioResult | undefined>): ScenarioResult | undefined {
  const present = results.filter((result) => result !== undefined)
  present.sort((a, b) => a.itemsPerSecond - b.itemsPerSecond)
  return present[Math.floor((present.length - 1) / 2)]
}

/** Starts the server on a new database, runs the scenarios, stops it, and counts what was stored. */
async function run(
  settings: Settings,
  database: string,
): Promise<{ measured: Measured; stored: Stored; problems: string[] }> {
  // Not UTC: the usage catch-up keeps the project zone's rollups beside the UTC ones, and pays for both.
  const keys = await createProject(database, 'Bench ingest', 'America/New_York')
  const server = await startServer(database, {
    nodeOptions: settings.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', settings.cpuProf] : [],
  })
  const measured: Measured = {}
  try {
    const surveyId = await createNpsSurvey(server.url, keys.secretKey)
    if (settings.only !== 'events') {
      const scenario = responseScenario(surveyId, settings.connections)
      measured.responses = await measure(server, keys.publicKey, scenario, settings.seconds)
    }
    if (settings.only !== 'responses') {
      const scenario = eventScenario(settings.eventConnections)
      measured.events = await measure(server, keys.publicKey, scenario, settings.seconds)
    }
  } finally {
    await server.stop()
  }
  const stored = countStored(database)
  return { measured, stored, problems: problemsOf(measured, stored, server.errorLines()) }
}

async function main(): Promise<number> {
  if (args.help) {
    process.stdout.write(HELP)
    return 0
  }
  const settings = settingsOf()
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-ingest-'))
  try {
    const rounds: Awaited<ReturnType<typeof run>>[] = []
    for (let round = 1; round <= settings.rounds; round++) {
      if (settings.rounds > 1) console.log(`round ${round} of ${settings.rounds}`)
      rounds.push(await run(settings, join(dir, `round-${round}.db`)))
    }
    const measured = rounds.map((round) => round.measured)
    const median: Measured = {
      responses: medianOf(measured.map((m) => m.responses)),
      events: medianOf(measured.map((m) => m.events)),
    }
    const peakRssMb = Math.max(
      ...measured.flatMap((m) => [m.responses?.peakRssMb ?? 0, m.events?.peakRssMb ?? 0]),
    )
    const targets = targetsOf(median, peakRssMb)
    const problems = rounds.flatMap((round, i) =>
      round.problems.map((problem) => `round ${i + 1}: ${problem}`),
    )
    const warnings = measured.flatMap((m, i) => warningsOf(m).map((warning) => `round ${i + 1}: ${warning}`))
    const stored = rounds.map((round) => round.stored)
    print(measured, median, targets, problems, warnings)
    // A partial or profiled run is for investigation: it must not replace the recorded figures.
    if (settings.only === undefined && settings.cpuProf === undefined) {
      const file = writeResults('ingest', {
        benchmark: 'ingest',
        date: new Date().toISOString(),
        command: ['pnpm --filter @heed/bench run ingest', ...process.argv.slice(2)].join(' '),
        machine: machine(),
        revision: revision(),
        seconds: settings.seconds,
        median: [median.responses, median.events],
        rounds: measured.map((m) => [m.responses, m.events]),
        stored,
        targets,
        problems,
        warnings,
      })
      console.log(`\nwritten to ${file}`)
    }
    return problems.length > 0 ? 1 : 0
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

setTimeout(() => {
  console.error(`the benchmark did not finish in ${WATCHDOG_MS / 60_000} minutes: stopping`)
  process.exit(2)
}, WATCHDOG_MS).unref()
process.exitCode = await main()
