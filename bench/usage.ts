// Usage analytics: a year of DAU/WAU/MAU over the rollups of 10M events, read through the admin route on each
// dialect, and the cost of keeping those rollups (a catch-up behind the event-batch write) to ingest, in one run.
// The year is written straight into the rollup tables (usage_activity, usage_sessions) as the write path would
// have kept them for the events generated here, not sent over HTTP: ten million events through the ingest API
// would take most of an hour on this machine, and the reads never look at the events.
// Run: node --import tsx/esm bench/usage.ts [--people 10000] [--runs 15] [--dialects sqlite,postgres] [--only ingest|reads] [--rebuild]
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
import { createProject, updateProject } from '@heed/server/store/projects'
import { fillFromSessions } from '@heed/server/store/usage/account-session-days'
import { CATCH_UP_USAGE } from '@heed/server/store/usage/catch-up'
import { monthRowsOf } from '@heed/server/store/usage/months'
import { type ActivityCell, localDayOfHour } from '@heed/server/store/usage/zone'
import { rebuildUsageZone } from '@heed/server/store/usage/zone-rebuild'
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
    only: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
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
/** Where the generated rows go: straight into the tables, in one transaction where the dialect allows. */
interface Sink {
  insert(
    table: 'usage_activity' | 'usage_sessions' | 'usage_zone_days' | 'usage_months',
    rows: Record<string, unknown>[],
  ): Promise<void>
  exec(text: string, projectId: string): Promise<void>
}

/**
 * The active days and their gap counts (by UTC day, and by local day of the project's zone from the zone days
 * the seed writes), and sessions by hour, from the rows above, as the write path keeps them.
 */
const DERIVED = [
  `INSERT INTO usage_utc_days (project_id, actor_kind, actor, day)
    SELECT DISTINCT project_id, 'p', person_id, day FROM usage_activity WHERE project_id = ? AND person_id <> ''`,
  `INSERT INTO usage_utc_days (project_id, actor_kind, actor, day)
    SELECT DISTINCT project_id, 'a', account_id, day FROM usage_activity WHERE project_id = ? AND account_id <> ''`,
  `INSERT INTO usage_day_gaps (project_id, actor_kind, day, gap, n)
    SELECT project_id, actor_kind, day, gap, COUNT(*) FROM (
      SELECT project_id, actor_kind, day, CASE WHEN LAG(day) OVER w IS NULL OR day - LAG(day) OVER w >= 31 THEN 31
        ELSE day - LAG(day) OVER w END AS gap
      FROM usage_utc_days WHERE project_id = ? WINDOW w AS (PARTITION BY actor_kind, actor ORDER BY day)) g
    GROUP BY project_id, actor_kind, day, gap`,
  `INSERT INTO usage_zone_gaps (project_id, actor_kind, day, gap, n)
    SELECT project_id, actor_kind, day, gap, COUNT(*) FROM (
      SELECT project_id, actor_kind, day, CASE WHEN LAG(day) OVER w IS NULL OR day - LAG(day) OVER w >= 31 THEN 31
        ELSE day - LAG(day) OVER w END AS gap
      FROM usage_zone_days WHERE project_id = ? WINDOW w AS (PARTITION BY actor_kind, actor ORDER BY day)) g
    GROUP BY project_id, actor_kind, day, gap`,
  `INSERT INTO usage_zones (project_id, time_zone, phase, cursor)
    SELECT id, time_zone, 'ready', 0 FROM projects WHERE id = ?`,
  // The accounts, every third on each plan: the segment and split reads pick accounts by this trait.
  `INSERT INTO accounts (project_id, id, traits, first_seen, last_seen)
    SELECT project_id, account_id, '{"plan":"' || CASE CAST(substr(account_id, 9) AS INTEGER) % 3
      WHEN 0 THEN 'free' WHEN 1 THEN 'team' ELSE 'enterprise' END || '"}', MIN(day) * 86400000, MAX(day) * 86400000
    FROM usage_activity WHERE project_id = ? GROUP BY project_id, account_id`,
  // A catalogue of one feature, used on a third of the active person-days (every third day of each person).
  `INSERT INTO features (project_id, key, position, definition)
    VALUES (?, 'reports', 0, '{"key":"reports","label":"Reports","events":["report.opened"],"pages":[]}')`,
  `INSERT INTO feature_usage (project_id, feature_key, day, person_id, account_id, hours, uses, last_at)
    SELECT project_id, 'reports', day, person_id, account_id, hours, 1, day * 86400000 FROM usage_activity
    WHERE project_id = ? AND (day + CAST(substr(person_id, 8) AS INTEGER)) % 3 = 0`,
  `INSERT INTO usage_session_hours (project_id, hour, sessions, duration_ms)
    SELECT project_id, started_at / 3600000, COUNT(*), SUM(ended_at - started_at) FROM usage_sessions
    WHERE project_id = ? GROUP BY project_id, started_at / 3600000`,
  fillFromSessions(' WHERE project_id = ?'),
]

/**
 * Each person belongs to one of people/20 accounts and is active on a day with their own probability of 5% to
 * 60%; an active day has 1-3 sessions starting between 06:00 and 21:00 UTC, each of 1-8 events a few minutes
 * apart. Returns the number of events the rollups stand for. The active days and gap counts are derived in
 * SQL as the write path keeps them (a property test in store/usage/trend.test.ts checks that reads from them
 * equal the shared definitions over the events).
 */
async function seed(
  sink: Sink,
  projectId: string,
  people: number,
): Promise<{ events: number; activityRows: number; sessionRows: number }> {
  const next = random(7)
  const accounts = Math.max(1, Math.floor(people / ACCOUNTS_PER_PEOPLE))
  let activity: Record<string, unknown>[] = []
  let sessions: Record<string, unknown>[] = []
  let zoneDays: Record<string, unknown>[] = []
  let months: Record<string, unknown>[] = []
  const totals = { events: 0, activityRows: 0, sessionRows: 0 }
  // The local day of each UTC hour of the seeded days, and each account's local days.
  const localDays = Array.from({ length: DAYS * 24 }, (_, h) =>
    localDayOfHour(FIRST_DAY * 24 + h, PROJECT_ZONE),
  )
  const accountDays = new Map<string, Set<number>>()
  const flush = async (force = false) => {
    if (activity.length >= 2_000 || (force && activity.length > 0)) {
      await sink.insert('usage_activity', activity)
      totals.activityRows += activity.length
      activity = []
    }
    if (sessions.length >= 2_000 || (force && sessions.length > 0)) {
      await sink.insert('usage_sessions', sessions)
      totals.sessionRows += sessions.length
      sessions = []
    }
    if (zoneDays.length >= 2_000 || (force && zoneDays.length > 0)) {
      await sink.insert('usage_zone_days', zoneDays)
      zoneDays = []
    }
    if (months.length >= 2_000 || (force && months.length > 0)) {
      await sink.insert('usage_months', months)
      months = []
    }
  }
  for (let p = 0; p < people; p++) {
    const personId = `person-${p}`
    const accountId = `account-${p % accounts}`
    const chance = 0.05 + next() * 0.55
    const personDays = new Set<number>()
    const personCells: ActivityCell[] = []
    const ofAccount = accountDays.get(accountId) ?? new Set<number>()
    accountDays.set(accountId, ofAccount)
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
      personCells.push({ day, person: personId, account: accountId, hours })
      for (let bit = 0; bit < 24; bit++) {
        if (Math.floor(hours / 2 ** bit) % 2 === 0) continue
        const local = localDays[d * 24 + bit] as number
        personDays.add(local)
        ofAccount.add(local)
      }
      await flush()
    }
    for (const day of personDays)
      zoneDays.push({ project_id: projectId, actor_kind: 'p', actor: personId, day })
    for (const { month, person, account, text } of monthRowsOf(personCells).values())
      months.push({ project_id: projectId, month, person_id: person, account_id: account, hours: text })
  }
  for (const [accountId, days] of accountDays) {
    for (const day of days) zoneDays.push({ project_id: projectId, actor_kind: 'a', actor: accountId, day })
    await flush()
  }
  await flush(true)
  for (const text of DERIVED) await sink.exec(text, projectId)
  return totals
}

/** A sink writing through better-sqlite3's prepared statements: Kysely's inserts took minutes here. */
function sqliteSink(sqlite: SQLite.Database): Sink {
  const activity = sqlite.prepare(
    'INSERT INTO usage_activity (project_id, day, person_id, account_id, hours) VALUES (?, ?, ?, ?, ?)',
  )
  const sessions = sqlite.prepare(
    'INSERT INTO usage_sessions (project_id, person_id, started_at, ended_at, events, account_id) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const zoneDays = sqlite.prepare(
    'INSERT INTO usage_zone_days (project_id, actor_kind, actor, day) VALUES (?, ?, ?, ?)',
  )
  const months = sqlite.prepare(
    'INSERT INTO usage_months (project_id, month, person_id, account_id, hours) VALUES (?, ?, ?, ?, ?)',
  )
  return {
    insert: async (table, rows) => {
      for (const row of rows) {
        if (table === 'usage_zone_days') zoneDays.run(row.project_id, row.actor_kind, row.actor, row.day)
        else if (table === 'usage_months')
          months.run(row.project_id, row.month, row.person_id, row.account_id, row.hours)
        else if (table === 'usage_activity')
          activity.run(row.project_id, row.day, row.person_id, row.account_id, row.hours)
        else
          sessions.run(
            row.project_id,
            row.person_id,
            row.started_at,
            row.ended_at,
            row.events,
            row.account_id,
          )
      }
    },
    exec: async (text, projectId) => {
      sqlite.prepare(text).run(projectId)
    },
  }
}

function kyselySink(database: HeedDatabase): Sink {
  return {
    insert: async (table, rows) => {
      await database.db
        .insertInto(table)
        .values(rows as never)
        .execute()
    },
    exec: async (text, projectId) => {
      await sql.raw(text.replace('?', `'${projectId}'`)).execute(database.db)
    },
  }
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

/** The seeded project's time zone: its trends read the zone rollups. */
const PROJECT_ZONE = 'America/New_York'

const QUERIES = {
  'a year by day, UTC': 'period=day&timeZone=UTC',
  'a year by day, America/New_York (the project zone)': `period=day&timeZone=${PROJECT_ZONE}`,
  'a year by week, America/New_York (the project zone)': `period=week&timeZone=${PROJECT_ZONE}`,
  'a year by month, America/New_York (the project zone)': `period=month&timeZone=${PROJECT_ZONE}`,
  'a year by month, UTC': 'period=month&timeZone=UTC',
  'a year by day, one account, UTC': 'period=day&timeZone=UTC&accountId=account-7',
  'a year by day, one account, America/New_York': `period=day&timeZone=${PROJECT_ZONE}&accountId=account-7`,
  'a year by day, Europe/Berlin (another zone)': 'period=day&timeZone=Europe/Berlin',
  'a year by day, segment plan:team, America/New_York': `period=day&timeZone=${PROJECT_ZONE}&segment=plan:team`,
  'a year by week, split by plan, America/New_York': `period=week&timeZone=${PROJECT_ZONE}&splitBy=trait:plan`,
  'feature adoption, a year by month, America/New_York': `adoption:period=month&timeZone=${PROJECT_ZONE}`,
} as const

/**
 * Reads that walk every person's month rows rather than the counted days: timed three times, and outside the
 * 200 ms target, which is the whole project's year.
 */
const SLOW_QUERIES = new Set<keyof typeof QUERIES>([
  'a year by day, Europe/Berlin (another zone)',
  'a year by day, segment plan:team, America/New_York',
  'a year by week, split by plan, America/New_York',
  'feature adoption, a year by month, America/New_York',
])

interface ReadResult {
  dialect: string
  events: number
  activityRows: number
  sessionRows: number
  seedSeconds: number
  reads: Record<keyof typeof QUERIES, Timings>
  /** With --rebuild: the zone change to Europe/Berlin rebuilt, and the year in Berlin read again. */
  rebuild?: { seconds: number; chunks: number; berlinAfter: Timings; sameAnswer: boolean }
}

/** A project with a seeded year, ready to be read. */
interface Seeded {
  database: HeedDatabase
  projectId: string
  secretKey: string
  totals: { events: number; activityRows: number; sessionRows: number }
  seedSeconds: number
}

async function seedSqlite(file: string, people: number): Promise<Omit<Seeded, 'database'>> {
  const setup = openDatabase(file)
  await migrateToLatest(setup)
  const { project, secretKey } = await createProject(setup, { name: 'Bench usage', timeZone: PROJECT_ZONE })
  await setup.close()
  const sqlite = new SQLite(file)
  const seeded = performance.now()
  sqlite.exec('BEGIN')
  const totals = await seed(sqliteSink(sqlite), project.id, people)
  sqlite.exec('COMMIT')
  sqlite.exec('ANALYZE')
  sqlite.close()
  return {
    projectId: project.id,
    secretKey,
    totals,
    seedSeconds: Math.round((performance.now() - seeded) / 100) / 10,
  }
}

async function seedKysely(database: HeedDatabase, people: number): Promise<Seeded> {
  await migrateToLatest(database)
  const { project, secretKey } = await createProject(database, {
    name: 'Bench usage',
    timeZone: PROJECT_ZONE,
  })
  const seeded = performance.now()
  const totals = await seed(kyselySink(database), project.id, people)
  await sql`ANALYZE`.execute(database.db)
  return {
    database,
    projectId: project.id,
    secretKey,
    totals,
    seedSeconds: Math.round((performance.now() - seeded) / 100) / 10,
  }
}

/** Each query is timed `runs` times, but those that take the slower pass over hour masks three times. */
async function measureReads(dialect: string, seeded: Seeded, runs: number): Promise<ReadResult> {
  const { database, secretKey, totals, seedSeconds } = seeded
  log(
    `${dialect}: rollups of ${totals.events.toLocaleString('en')} events (${totals.activityRows.toLocaleString('en')} activity rows, ${totals.sessionRows.toLocaleString('en')} sessions) in ${seedSeconds} s; timing…`,
  )
  const app = createApp({ database, logger: createLogger('silent'), rateLimits: { admin: 1_000_000 } })
  const range = `from=${new Date(YEAR_FROM).toISOString()}&to=${new Date(YEAR_TO).toISOString()}`
  // A query starting with `adoption:` asks for feature adoption, which counts the active people and accounts
  // per period and over the range as its denominators.
  const get = async (query: string) => {
    const path = query.startsWith('adoption:')
      ? `/admin/v1/features/adoption?${range}&${query.slice('adoption:'.length)}`
      : `/admin/v1/usage/trend?${range}&${query}`
    const response = await app.request(path, { headers: { authorization: `Bearer ${secretKey}` } })
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<{ points: Array<{ people: { mau: number } }> }>
  }
  // The answer must cover the year with people in it, or the timing measured the wrong thing.
  const check = await get(QUERIES['a year by day, UTC'])
  if (check.points.length !== 365 || !check.points.every((point) => point.people.mau > 0))
    throw new Error(`the year by day gave ${check.points.length} points, some without MAU`)
  const reads = {} as Record<keyof typeof QUERIES, Timings>
  const answers = new Map<string, string>()
  for (const [name, query] of Object.entries(QUERIES) as Array<[keyof typeof QUERIES, string]>) {
    reads[name] = await time(SLOW_QUERIES.has(name) ? Math.min(runs, 3) : runs, async () => {
      answers.set(name, JSON.stringify(await get(query)))
    })
    log(`  ${name}: p50 ${reads[name].p50} ms, max ${reads[name].max} ms`)
  }
  if (!args.rebuild) return { dialect, ...totals, seedSeconds, reads }
  // The project moves to Berlin: the job rebuilds its zone rollups from usage_activity, after which the
  // year in Berlin reads them, and must give the answer the hour masks gave before.
  const berlin = 'a year by day, Europe/Berlin (another zone)'
  const begun = performance.now()
  await updateProject(database, seeded.projectId, { timeZone: 'Europe/Berlin' })
  const chunks = await rebuildUsageZone(database, seeded.projectId)
  const seconds = Math.round((performance.now() - begun) / 100) / 10
  let after = ''
  const berlinAfter = await time(runs, async () => {
    after = JSON.stringify(await get(QUERIES[berlin]))
  })
  const sameAnswer = after === answers.get(berlin)
  log(
    `  zone rebuild to Europe/Berlin: ${seconds} s in ${chunks} chunks; then the year in Berlin p50 ${berlinAfter.p50} ms, ${sameAnswer ? 'the same answer' : 'A DIFFERENT ANSWER'} as from the hour masks`,
  )
  return { dialect, ...totals, seedSeconds, reads, rebuild: { seconds, chunks, berlinAfter, sameAnswer } }
}

/**
 * Runs writes synchronously on one SQLite connection, as the writer thread does, optionally skipping some
 * statements; `group` runs a few writes in one transaction, as the writer thread's group commit does.
 */
function syncDatabase(
  file: string,
  skip: RegExp | null,
): { database: HeedDatabase; group: (work: () => Promise<void>) => Promise<void>; close: () => void } {
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
    Promise.resolve(runWorkSync(w.work('sqlite', ...parameters), run))
  const group = async (work: () => Promise<void>) => {
    sqlite.exec('BEGIN')
    await work()
    sqlite.exec('COMMIT')
  }
  return { database: { write } as unknown as HeedDatabase, group, close: () => sqlite.close() }
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
  withRollups: { eventsPerSecond: number; eventsFoldedMeanwhile: number }
  lossPercent: number
  catchUp: { events: number; eventsPerSecond: number }
}

/** Batches per transaction: under load the writer thread commits the batches waiting together, often ten or more. */
const GROUP = 10
/** The catch-up worker's chunk and its share of the writer while batches arrive (see jobs/usage-catch-up.ts). */
const CATCH_UP_CHUNK = 1_000
const CATCH_UP_PAUSE_FACTOR = 39

/**
 * The event-batch write on two SQLite files fed the same batches in alternating rounds, as fast as they can
 * be stored. One file has no usage upkeep at all; on the other the catch-up folds the stored events into the
 * rollups behind the batches as the server's worker does while ingest is under way (a chunk, then a pause 39
 * times its length), both timed. Only the writes are timed, without HTTP and the writer thread, on one
 * connection each as the writer thread has. Then the second file's catch-up folds what is left, as fast as it
 * can once batches stop: its rate is the catch-up's.
 */
async function measureIngest(batchCount: number): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-usage-ingest-'))
  try {
    const files = { without: join(dir, 'without.db'), with: join(dir, 'with.db') }
    const projects: Record<string, string> = {}
    for (const [name, file] of Object.entries(files)) {
      const setup = openDatabase(file)
      await migrateToLatest(setup)
      // In the zone whose rollups the catch-up keeps beside the UTC ones (built at once: nothing to fold yet).
      const { project } = await createProject(setup, { name, timeZone: PROJECT_ZONE })
      await rebuildUsageZone(setup, project.id)
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
    const without = syncDatabase(files.without, null)
    const withRollups = syncDatabase(files.with, null)
    const withProject = projects.with as string
    const catchUpChunk = async () => {
      let folded = 0
      await withRollups.group(async () => {
        folded = (await withRollups.database.write(CATCH_UP_USAGE, withProject, CATCH_UP_CHUNK, null)).folded
      })
      return folded
    }
    const batches = eventBatches(batchCount)
    const spent = { without: 0, with: 0 }
    let foldedMeanwhile = 0
    let catchUpSpent = 0
    const round = 50
    for (let start = 0; start < batches.length; start += round) {
      const slice = batches.slice(start, start + round)
      const order =
        (start / round) % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)
      for (const name of order) {
        const target = name === 'without' ? without : withRollups
        const begun = performance.now()
        for (let g = 0; g < slice.length; g += GROUP) {
          await target.group(async () => {
            for (const batch of slice.slice(g, g + GROUP))
              await recordEvents(target.database, projects[name] as string, batch)
          })
          // The pause is counted in this file's own time, as if it had the writer to itself.
          if (
            name === 'with' &&
            performance.now() - begun + spent.with >= catchUpSpent * (CATCH_UP_PAUSE_FACTOR + 1)
          ) {
            const chunkBegun = performance.now()
            foldedMeanwhile += await catchUpChunk()
            catchUpSpent += performance.now() - chunkBegun
          }
        }
        spent[name] += performance.now() - begun
      }
    }
    const catchUpBegun = performance.now()
    let left = 0
    for (let folded = await catchUpChunk(); folded > 0; folded = await catchUpChunk()) left += folded
    const catchUpMs = performance.now() - catchUpBegun
    without.close()
    withRollups.close()
    const events = batchCount * 100
    const rate = (count: number, ms: number) => Math.round(count / (ms / 1000))
    return {
      batches: batchCount,
      withoutRollups: { eventsPerSecond: rate(events, spent.without) },
      withRollups: { eventsPerSecond: rate(events, spent.with), eventsFoldedMeanwhile: foldedMeanwhile },
      lossPercent: Math.round((1 - spent.without / spent.with) * 1000) / 10,
      catchUp: { events: left, eventsPerSecond: rate(left, catchUpMs) },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  if (args.help) {
    log(
      'Usage: node --import tsx/esm bench/usage.ts [--people 10000] [--runs 15] [--dialects sqlite,postgres] [--ingest-batches 3000] [--only ingest|reads] [--rebuild]',
    )
    return
  }
  const people = Number(args.people)
  const runs = Number(args.runs)
  if (args.only !== undefined && args.only !== 'ingest' && args.only !== 'reads')
    throw new Error(`--only must be ingest or reads, not ${args.only}`)
  const ingest = args.only === 'reads' ? null : await measureIngest(Number(args['ingest-batches']))
  if (ingest !== null)
    log(
      `ingest: ${ingest.withoutRollups.eventsPerSecond} events/s without the usage upkeep, ${ingest.withRollups.eventsPerSecond} with the catch-up folding ${ingest.withRollups.eventsFoldedMeanwhile} events meanwhile (${ingest.lossPercent}% fewer); then the catch-up folded the ${ingest.catchUp.events} left at ${ingest.catchUp.eventsPerSecond} events/s`,
    )
  const results: ReadResult[] = []
  for (const dialect of args.only === 'ingest' ? [] : args.dialects.split(',')) {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'heed-bench-usage-'))
      const file = join(dir, 'heed.db')
      try {
        const seeded = await seedSqlite(file, people)
        // A budget long enough that a slow read is measured rather than refused (the server's is 5 s).
        const database = openDatabase(file, { readerThreads: 2, readBudgetMs: 120_000 })
        try {
          results.push(await measureReads('sqlite', { ...seeded, database }, runs))
        } finally {
          await database.close()
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    } else if (dialect === 'postgres') {
      const server = await startPostgres()
      try {
        const database = openDatabase(await createDatabase(server.url, 'heed_bench_usage'), {
          readBudgetMs: 120_000,
        })
        try {
          results.push(await measureReads('postgres', await seedKysely(database, people), runs))
        } finally {
          await database.close()
        }
      } finally {
        await server.stop()
      }
    } else throw new Error(`unknown dialect ${dialect}`)
  }
  const targets: Target[] = [
    ...results.flatMap((result) =>
      (Object.keys(QUERIES) as Array<keyof typeof QUERIES>)
        .filter((name) => !SLOW_QUERIES.has(name))
        .map((name) => ({
          what: `${result.dialect}: ${name} over ${(result.events / 1e6).toFixed(1)}M events p50 < ${TARGETS.yearP50Ms} ms`,
          measured: `${result.reads[name].p50} ms`,
          met: result.reads[name].p50 < TARGETS.yearP50Ms,
        })),
    ),
    ...(ingest === null
      ? []
      : [
          {
            what: `event-batch write loses at most ${TARGETS.ingestLossPercent}% of its rate to the usage upkeep (SQLite)`,
            measured: `${ingest.lossPercent}%`,
            met: ingest.lossPercent <= TARGETS.ingestLossPercent,
          },
        ]),
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
  // A partial run is for looking into one side; only a whole run is recorded.
  if (args.only !== undefined) return
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
