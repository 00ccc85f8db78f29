// Usage analytics: a year of DAU/WAU/MAU over the rollups of 10M events, read through the admin route on each
// dialect, and the cost of keeping those rollups on the event-batch write, before and after, in one run.
// The year is written straight into the rollup tables (usage_activity, usage_sessions) as the write path would
// have kept them for the events generated here, not sent over HTTP: ten million events through the ingest API
// would take most of an hour on this machine, and the reads never look at the events.
// Run: node --import tsx/esm bench/usage.ts [--people 10000] [--runs 15] [--dialects sqlite,postgres]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '@heed/server/app'
import { migrateToLatest } from '@heed/server/db/migrate'
import { type HeedDatabase, openDatabase } from '@heed/server/db/open'
import { runWorkSync, type SqlResult, type SqlStatement } from '@heed/server/db/work'
import type { Write } from '@heed/server/db/write'
import { createLogger } from '@heed/server/logger'
import { type EventInput, recordEvents } from '@heed/server/store/events'
import { createProject } from '@heed/server/store/projects'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { createDatabase, startPostgres } from '../packages/server/test-support/postgres-server'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { type Timings, timings } from './support/stats'

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    people: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '15' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    'ingest-batches': { type: 'string', default: '3000' },
    help: { type: 'boolean', short: 'h' },
  },
})

const TARGETS = { yearP50Ms: 200, ingestLossPercent: 10 }
const WARMUPS = 2
const DAY = 86_400_000
const HOUR = 3_600_000
/** The year reported: 2025-12-01 to 2026-12-01; activity starts 29 days earlier so the first MAU is whole. */
const YEAR_FROM = Date.UTC(2025, 11, 1)
const YEAR_TO = Date.UTC(2026, 11, 1)
const FIRST_DAY = YEAR_FROM / DAY - 29
const DAYS = (YEAR_TO - YEAR_FROM) / DAY + 29
const ACCOUNTS_PER_PEOPLE = 20

const log = (line: string) => process.stdout.write(`${line}\n`)

/** A small deterministic generator, so every run seeds the same year. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

/**
 * Each person belongs to one of people/20 accounts and is active on a day with their own probability of 5% to
 * 60%; an active day has 1-3 sessions starting between 06:00 and 21:00 UTC, each of 1-8 events a few minutes
 * apart. Returns the number of events the rollups stand for.
 */
async function seed(
  database: HeedDatabase,
  projectId: string,
  people: number,
): Promise<{ events: number; activityRows: number; sessionRows: number }> {
  const next = random(7)
  const accounts = Math.max(1, Math.floor(people / ACCOUNTS_PER_PEOPLE))
  let activity: Record<string, unknown>[] = []
  let sessions: Record<string, unknown>[] = []
  const totals = { events: 0, activityRows: 0, sessionRows: 0 }
  const flush = async (force = false) => {
    if (activity.length >= 2_000 || (force && activity.length > 0)) {
      await database.db
        .insertInto('usage_activity')
        .values(activity as never)
        .execute()
      totals.activityRows += activity.length
      activity = []
    }
    if (sessions.length >= 2_000 || (force && sessions.length > 0)) {
      await database.db
        .insertInto('usage_sessions')
        .values(sessions as never)
        .execute()
      totals.sessionRows += sessions.length
      sessions = []
    }
  }
  for (let p = 0; p < people; p++) {
    const personId = `person-${p}`
    const accountId = `account-${p % accounts}`
    const chance = 0.05 + next() * 0.55
    for (let d = 0; d < DAYS; d++) {
      if (next() >= chance) continue
      const day = FIRST_DAY + d
      let hours = 0
      let lastEnd = -1
      const count = 1 + Math.floor(next() * 3)
      for (let s = 0; s < count; s++) {
        const start = Math.max(
          day * DAY + (6 + Math.floor(next() * 15)) * HOUR + Math.floor(next() * HOUR),
          lastEnd + 31 * 60_000,
        )
        const events = 1 + Math.floor(next() * 8)
        const end = Math.min(
          start + (events - 1) * Math.floor(60_000 + next() * 240_000),
          (day + 1) * DAY - 1,
        )
        if (start >= (day + 1) * DAY) break
        for (let h = Math.floor(start / HOUR); h <= Math.floor(end / HOUR); h++) hours |= 2 ** (h - day * 24)
        sessions.push({
          project_id: projectId,
          person_id: personId,
          started_at: start,
          ended_at: end,
          events,
          account_id: accountId,
        })
        totals.events += events
        lastEnd = end
      }
      activity.push({ project_id: projectId, day, person_id: personId, account_id: accountId, hours })
      await flush()
    }
  }
  await flush(true)
  return totals
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

const QUERIES = {
  'a year by day, UTC': 'period=day&timeZone=UTC',
  'a year by day, America/New_York': 'period=day&timeZone=America/New_York',
  'a year by month, UTC': 'period=month&timeZone=UTC',
  'a year by day, one account': 'period=day&timeZone=UTC&accountId=account-7',
} as const

interface ReadResult {
  dialect: string
  events: number
  activityRows: number
  sessionRows: number
  seedSeconds: number
  reads: Record<keyof typeof QUERIES, Timings>
}

async function measureReads(
  dialect: string,
  database: HeedDatabase,
  people: number,
  runs: number,
): Promise<ReadResult> {
  await migrateToLatest(database)
  const { project, secretKey } = await createProject(database, { name: 'Bench usage' })
  const seeded = performance.now()
  const totals = await seed(database, project.id, people)
  const seedSeconds = Math.round((performance.now() - seeded) / 100) / 10
  if (dialect === 'postgres') await sql`ANALYZE`.execute(database.db)
  else await sql`ANALYZE`.execute(database.db)
  log(
    `${dialect}: rollups of ${totals.events.toLocaleString('en')} events (${totals.activityRows.toLocaleString('en')} activity rows, ${totals.sessionRows.toLocaleString('en')} sessions) in ${seedSeconds} s; timing…`,
  )
  const app = createApp({ database, logger: createLogger('silent'), rateLimits: { admin: 1_000_000 } })
  const range = `from=${new Date(YEAR_FROM).toISOString()}&to=${new Date(YEAR_TO).toISOString()}`
  const get = async (query: string) => {
    const path = `/admin/v1/usage/trend?${range}&${query}`
    const response = await app.request(path, { headers: { authorization: `Bearer ${secretKey}` } })
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<{ points: Array<{ people: { mau: number } }> }>
  }
  // The answer must cover the year with people in it, or the timing measured the wrong thing.
  const check = await get(QUERIES['a year by day, UTC'])
  if (check.points.length !== 365 || !check.points.every((point) => point.people.mau > 0))
    throw new Error(`the year by day gave ${check.points.length} points, some without MAU`)
  const reads = {} as Record<keyof typeof QUERIES, Timings>
  for (const [name, query] of Object.entries(QUERIES) as Array<[keyof typeof QUERIES, string]>) {
    reads[name] = await time(runs, async () => {
      await get(query)
    })
  }
  return { dialect, ...totals, seedSeconds, reads }
}

/** Runs writes synchronously on one SQLite connection, as the writer thread does, optionally skipping some statements. */
function syncDatabase(file: string, skip: RegExp | null): { database: HeedDatabase; close: () => void } {
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  const statements = new Map<string, SQLite.Statement>()
  const run = (statement: SqlStatement): SqlResult => {
    if (skip?.test(statement.text)) return { rows: [], changes: 0 }
    let prepared = statements.get(statement.text)
    if (prepared === undefined) {
      prepared = sqlite.prepare(statement.text)
      statements.set(statement.text, prepared)
    }
    if (prepared.reader)
      return { rows: prepared.all(...statement.parameters) as Record<string, unknown>[], changes: 0 }
    return { rows: [], changes: prepared.run(...statement.parameters).changes }
  }
  const write = <A extends unknown[], R>(w: Write<A, R>, ...parameters: A) =>
    Promise.resolve(sqlite.transaction(() => runWorkSync(w.work('sqlite', ...parameters), run))())
  return { database: { write } as unknown as HeedDatabase, close: () => sqlite.close() }
}

/** Event batches as a widget sends them: one person's 100 events, tracks (a third in the catalogue) and pages. */
function eventBatches(count: number): EventInput[][] {
  const next = random(11)
  const batches: EventInput[][] = []
  let at = Date.UTC(2026, 10, 1)
  for (let b = 0; b < count; b++) {
    const person = Math.floor(next() * 2_000)
    const events: EventInput[] = []
    for (let e = 0; e < 100; e++) {
      at += Math.floor(next() * 4_000)
      const page = next() < 0.3
      events.push({
        id: `${at.toString(36)}-${b}-${e}`,
        type: page ? 'page' : 'track',
        name: page ? '' : `action.${Math.floor(next() * 30)}`,
        anonymousId: `anon-${person}`,
        userId: `person-${person}`,
        accountId: `account-${person % 100}`,
        ...(page && { url: `https://app.example.com/section-${Math.floor(next() * 20)}/item` }),
        at,
      })
    }
    batches.push(events)
  }
  return batches
}

interface IngestResult {
  batches: number
  withoutRollups: { eventsPerSecond: number }
  withRollups: { eventsPerSecond: number }
  lossPercent: number
}

/**
 * The event-batch write on two SQLite files fed the same batches in alternating rounds: one keeps the usage
 * rollups, the other skips every statement on them (so it runs main's statements plus the RETURNING clause
 * this branch added to the insert). Only the write itself is timed, without HTTP and the writer thread, so the
 * share it loses is an upper bound on what ingest as a whole loses.
 */
async function measureIngest(batchCount: number): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-usage-ingest-'))
  try {
    const files = { without: join(dir, 'without.db'), with: join(dir, 'with.db') }
    const projects: Record<string, string> = {}
    for (const [name, file] of Object.entries(files)) {
      const setup = openDatabase(file)
      await migrateToLatest(setup)
      const { project } = await createProject(setup, { name })
      projects[name] = project.id
      // Twenty features, ten by event and ten by page, as a product's catalogue might hold.
      for (let f = 0; f < 20; f++) {
        const definition =
          f < 10
            ? { key: `f${f}`, label: `F${f}`, events: [`action.${f}`], pages: [] }
            : { key: `f${f}`, label: `F${f}`, events: [], pages: [{ prefix: `/section-${f - 10}` }] }
        await setup.db
          .insertInto('features')
          .values({
            project_id: project.id,
            key: `f${f}`,
            position: f,
            definition: JSON.stringify(definition),
          })
          .execute()
      }
      await setup.close()
    }
    const without = syncDatabase(files.without, /usage_|feature/)
    const withRollups = syncDatabase(files.with, null)
    const batches = eventBatches(batchCount)
    const spent = { without: 0, with: 0 }
    const round = 50
    for (let start = 0; start < batches.length; start += round) {
      const slice = batches.slice(start, start + round)
      const order =
        (start / round) % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)
      for (const name of order) {
        const target = name === 'without' ? without : withRollups
        const begun = performance.now()
        for (const batch of slice) await recordEvents(target.database, projects[name] as string, batch)
        spent[name] += performance.now() - begun
      }
    }
    without.close()
    withRollups.close()
    const events = batchCount * 100
    const rate = (ms: number) => Math.round(events / (ms / 1000))
    return {
      batches: batchCount,
      withoutRollups: { eventsPerSecond: rate(spent.without) },
      withRollups: { eventsPerSecond: rate(spent.with) },
      lossPercent: Math.round((1 - spent.without / spent.with) * 1000) / 10,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  if (args.help) {
    log(
      'Usage: node --import tsx/esm bench/usage.ts [--people 10000] [--runs 15] [--dialects sqlite,postgres] [--ingest-batches 3000]',
    )
    return
  }
  const people = Number(args.people)
  const runs = Number(args.runs)
  const ingest = await measureIngest(Number(args['ingest-batches']))
  log(
    `ingest: ${ingest.withoutRollups.eventsPerSecond} events/s without the usage rollups, ${ingest.withRollups.eventsPerSecond} with (${ingest.lossPercent}% fewer)`,
  )
  const results: ReadResult[] = []
  for (const dialect of args.dialects.split(',')) {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'heed-bench-usage-'))
      const database = openDatabase(join(dir, 'heed.db'), { readerThreads: 2 })
      try {
        results.push(await measureReads('sqlite', database, people, runs))
      } finally {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      }
    } else if (dialect === 'postgres') {
      const server = await startPostgres()
      try {
        const database = openDatabase(await createDatabase(server.url, 'heed_bench_usage'), {
          readBudgetMs: 120_000,
        })
        try {
          results.push(await measureReads('postgres', database, people, runs))
        } finally {
          await database.close()
        }
      } finally {
        await server.stop()
      }
    } else throw new Error(`unknown dialect ${dialect}`)
  }
  const targets: Target[] = [
    ...results.map((result) => ({
      what: `${result.dialect}: a year of DAU/MAU by day over ${(result.events / 1e6).toFixed(1)}M events p50 < ${TARGETS.yearP50Ms} ms`,
      measured: `${result.reads['a year by day, UTC'].p50} ms`,
      met: result.reads['a year by day, UTC'].p50 < TARGETS.yearP50Ms,
    })),
    {
      what: `event-batch write loses at most ${TARGETS.ingestLossPercent}% of its rate to the rollups (SQLite)`,
      measured: `${ingest.lossPercent}%`,
      met: ingest.lossPercent <= TARGETS.ingestLossPercent,
    },
  ]
  log(
    `\n${table(
      ['dialect', 'usage trend', 'p50 ms', 'p95 ms', 'max ms'],
      results.flatMap((r) =>
        Object.entries(r.reads).map(([name, t]) => [r.dialect, name, t.p50, t.p95, t.max]),
      ),
      2,
    )}\n`,
  )
  log(
    table(
      ['target', 'measured', ''],
      targets.map((t) => [t.what, t.measured, verdict(t.met)]),
    ),
  )
  const file = writeResults('usage', {
    benchmark: 'usage',
    date: new Date().toISOString(),
    command: ['node --import tsx/esm bench/usage.ts', ...process.argv.slice(2)].join(' '),
    machine: machine(),
    revision: revision(),
    people,
    ingest,
    results,
    targets,
  })
  log(`\nwritten to ${file}`)
}

await main()
