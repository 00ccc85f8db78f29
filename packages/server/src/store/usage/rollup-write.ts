import { type FeatureMatcher, featureMatcher, pagePathOf, type TFeature } from '@heed/shared/usage/features'
import { DEFAULT_SESSION_TIMEOUT_MS } from '@heed/shared/usage/sessions'
import type { DialectName } from '../../db/dialect'
import { rowCountTexts, valueRows } from '../../db/row-count-texts'
import { query, type SqlWork } from '../../db/work'
import { addToAccountSessions } from './account-session-days'
import { lockActor } from './actor-lock'
import { type ActorKind, addActiveDays } from './day-gaps'
import { dayOf, HOUR_MS, hourBitOf } from './hours'
import { addToMonths } from './months'
import { type ActivityCell, addToZoneDays } from './zone'

/** A stored event as the usage rollups see it. */
export interface UsageEvent {
  id: string
  personId: string | null
  accountId: string | null
  at: number
  type: string
  name: string
  pagePath: string | null
  url: string | null
}

/**
 * A batch's rows go in one multi-row upsert per table (a statement per row cost a sixth of the batch's write);
 * each text is made once per row count, as the events' insert is.
 */
function multiRow(head: string, width: number, tail: string): (count: number) => string {
  const texts = rowCountTexts()
  const row = `(${valueRows(width, '?')})`
  return (count) => texts(head, count, () => `${head} VALUES ${valueRows(count, row)} ${tail}`)
}

const activityUpsert = multiRow(
  'INSERT INTO usage_activity (project_id, day, person_id, account_id, hours)',
  5,
  `ON CONFLICT (project_id, day, person_id, account_id) DO UPDATE SET hours = usage_activity.hours | excluded.hours
WHERE (usage_activity.hours | excluded.hours) <> usage_activity.hours
RETURNING day, person_id, account_id, hours`,
)

const featureUpsert = multiRow(
  'INSERT INTO feature_usage (project_id, feature_key, day, person_id, account_id, hours, uses, last_at)',
  8,
  `ON CONFLICT (project_id, day, person_id, account_id, feature_key) DO UPDATE SET
hours = feature_usage.hours | excluded.hours, uses = feature_usage.uses + excluded.uses,
last_at = CASE WHEN excluded.last_at > feature_usage.last_at THEN excluded.last_at ELSE feature_usage.last_at END`,
)

const SESSIONS_NEAR = `SELECT started_at, ended_at, events, account_id FROM usage_sessions
WHERE project_id = ? AND person_id = ? AND ended_at >= ? AND +started_at <= ? ORDER BY started_at`

const CATALOGUE = 'SELECT definition FROM features WHERE project_id = ? ORDER BY position'

/** Compiled catalogues by their stored text: every batch reads the catalogue, few change it. */
const matchers = new Map<string, FeatureMatcher>()
const MAX_MATCHERS = 100

/** The project's catalogue as the usage catch-up and the rebuild job match events against it. */
export function* catalogueMatcherWork(projectId: string): SqlWork<FeatureMatcher | null> {
  const { rows } = yield* query<{ definition: string }>(CATALOGUE, [projectId])
  return rows.length === 0 ? null : matcherOf(rows.map((row) => row.definition))
}

function matcherOf(definitions: readonly string[]): FeatureMatcher {
  const text = definitions.join('\n')
  let matcher = matchers.get(text)
  if (matcher === undefined) {
    if (matchers.size >= MAX_MATCHERS) matchers.clear()
    matcher = featureMatcher(definitions.map((definition) => JSON.parse(definition) as TFeature))
    matchers.set(text, matcher)
  }
  return matcher
}

interface Cell {
  hours: number
  uses: number
  lastAt: number
}

/** Adds one event to a keyed cell, OR-ing its hour, counting it and keeping the latest time. */
function note(cells: Map<string, Cell>, key: string, at: number) {
  const cell = cells.get(key)
  if (cell === undefined) cells.set(key, { hours: hourBitOf(at), uses: 1, lastAt: at })
  else {
    cell.hours |= hourBitOf(at)
    cell.uses += 1
    if (at > cell.lastAt) cell.lastAt = at
  }
}

const SEP = '\u0000'

/**
 * Adds stored events to the usage rollups, in the usage catch-up's chunk (catch-up.ts): the activity of each
 * person and account per UTC day and hour, each person's sessions, and the features of the catalogue used.
 * Only events never added before may be passed (the watermark sees to it), since sessions and uses are counts.
 */
export function* addEventsToUsage(
  dialect: DialectName,
  projectId: string,
  events: readonly UsageEvent[],
): SqlWork<void> {
  if (events.length === 0) return
  const activity = new Map<string, Cell>()
  for (const event of events) {
    if (event.personId === null && event.accountId === null) continue
    note(activity, [dayOf(event.at), event.personId ?? '', event.accountId ?? ''].join(SEP), event.at)
  }
  const activityRows: unknown[] = []
  const cells: ActivityCell[] = []
  const actives = new Map<string, { kind: ActorKind; actor: string; day: number }>()
  for (const [key, cell] of activity) {
    const [day, person, account] = key.split(SEP) as [string, string, string]
    activityRows.push(projectId, Number(day), person, account, cell.hours)
    cells.push({ day: Number(day), person, account, hours: cell.hours })
    if (person !== '')
      actives.set(`p${SEP}${person}${SEP}${day}`, { kind: 'p', actor: person, day: Number(day) })
    if (account !== '')
      actives.set(`a${SEP}${account}${SEP}${day}`, { kind: 'a', actor: account, day: Number(day) })
  }
  // An upsert that returned no row met every person's and account's day and hour already, so their UTC and
  // local days and their month rows are recorded too (they are written in the transaction that first writes
  // the hour): the usual batch ends here. The rows it returns carry their whole hour masks for the months.
  const { rows: changed } =
    activity.size > 0
      ? yield* query<{ day: number | string; person_id: string; account_id: string; hours: number | string }>(
          activityUpsert(activity.size),
          activityRows,
        )
      : { rows: [] }
  if (changed.length > 0) {
    yield* addActiveDays(dialect, projectId, [...actives.values()])
    yield* addToZoneDays(dialect, projectId, cells)
    yield* addToMonths(
      projectId,
      changed.map((row) => ({
        day: Number(row.day),
        person: row.person_id,
        account: row.account_id,
        hours: Number(row.hours),
      })),
    )
  }
  yield* addToSessions(dialect, projectId, events)
  const catalogue = yield* catalogueForWriteWork(dialect, projectId)
  if (catalogue !== null)
    yield* addFeatureUses(
      projectId,
      yield* featureWriteScope(projectId, events, catalogue.rebuild),
      catalogue.matcher,
    )
}

const CATALOGUE_AND_REBUILD = `SELECT f.definition, j.id AS job_id, j.cursor AS job_cursor FROM features f
LEFT JOIN jobs j ON j.project_id = f.project_id AND j.kind = 'feature-rebuild' AND j.status = 'running'
WHERE f.project_id = ? ORDER BY f.position`

/**
 * The catalogue a catch-up chunk counts its uses with, and the rebuild running, if any, in one statement. On
 * PostgreSQL the project row is share-locked first, so a catalogue change (which locks it for update) commits
 * wholly before or after the chunk, and then the rebuild's job row, so that its cursor cannot move until the
 * chunk commits.
 */
function* catalogueForWriteWork(
  dialect: DialectName,
  projectId: string,
): SqlWork<{ matcher: FeatureMatcher; rebuild: { cursor: string | null } | null } | null> {
  if (dialect === 'postgres') yield* query('SELECT id FROM projects WHERE id = ? FOR KEY SHARE', [projectId])
  const { rows } = yield* query<{ definition: string; job_id: string | null; job_cursor: string | null }>(
    CATALOGUE_AND_REBUILD,
    [projectId],
  )
  if (rows.length === 0) return null
  const matcher = matcherOf(rows.map((row) => row.definition))
  const jobId = rows[0]?.job_id ?? null
  if (jobId === null) return { matcher, rebuild: null }
  if (dialect !== 'postgres') return { matcher, rebuild: { cursor: rows[0]?.job_cursor ?? null } }
  const { rows: locked } = yield* query<{ cursor: string | null }>(
    'SELECT cursor FROM jobs WHERE id = ? FOR SHARE',
    [jobId],
  )
  return { matcher, rebuild: { cursor: locked[0]?.cursor ?? null } }
}

/**
 * The events whose feature uses this chunk counts: all of them, unless a rebuild is running, which counts
 * the events ahead of its cursor itself (see rebuild.ts).
 */
function* featureWriteScope(
  projectId: string,
  events: readonly UsageEvent[],
  rebuild: { cursor: string | null } | null,
): SqlWork<readonly UsageEvent[]> {
  if (rebuild === null) return events
  if (rebuild.cursor === null) return []
  const { rows: behind } = yield* query<{ id: string }>(
    `SELECT id FROM events WHERE project_id = ? AND id <= ? AND id IN (${events.map(() => '?').join(', ')})`,
    [projectId, rebuild.cursor, ...events.map((event) => event.id)],
  )
  const ids = new Set(behind.map((row) => row.id))
  return events.filter((event) => ids.has(event.id))
}

/** Adds the uses of catalogue features among `events` to `feature_usage`. */
export function* addFeatureUses(
  projectId: string,
  events: readonly UsageEvent[],
  matcher: FeatureMatcher | null,
): SqlWork<void> {
  if (matcher === null) return
  const uses = new Map<string, Cell>()
  for (const event of events) {
    if (event.personId === null && event.accountId === null) continue
    const path = event.type === 'page' ? pagePathOf(event.pagePath, event.url) : null
    for (const feature of matcher.featuresOf({ type: event.type, name: event.name, path })) {
      const key = [feature, dayOf(event.at), event.personId ?? '', event.accountId ?? ''].join(SEP)
      note(uses, key, event.at)
    }
  }
  if (uses.size === 0) return
  const rows: unknown[] = []
  for (const [key, cell] of uses) {
    const [feature, day, person, account] = key.split(SEP)
    rows.push(projectId, feature, Number(day), person, account, cell.hours, cell.uses, cell.lastAt)
  }
  yield* query(featureUpsert(uses.size), rows)
}

interface SessionRun {
  start: number
  end: number
  events: number
  accountId: string
}

/**
 * Folds each person's events into their sessions (see sessionize in shared): the events of the batch are
 * cut into runs where no gap exceeds the timeout, and each run joins every stored session it comes within
 * the timeout of, merging them when it bridges two.
 */
function* addToSessions(
  dialect: DialectName,
  projectId: string,
  events: readonly UsageEvent[],
): SqlWork<void> {
  const timeout = DEFAULT_SESSION_TIMEOUT_MS
  const byPerson = new Map<string, UsageEvent[]>()
  for (const event of events) {
    if (event.personId === null) continue
    const list = byPerson.get(event.personId)
    if (list === undefined) byPerson.set(event.personId, [event])
    else list.push(event)
  }
  for (const [personId, personEvents] of byPerson) {
    personEvents.sort((a, b) => a.at - b.at)
    const runs: SessionRun[] = []
    for (const event of personEvents) {
      const run = runs.at(-1)
      if (run !== undefined && event.at - run.end <= timeout) {
        run.end = event.at
        run.events += 1
        if (event.accountId !== null) run.accountId = event.accountId
      } else runs.push({ start: event.at, end: event.at, events: 1, accountId: event.accountId ?? '' })
    }
    yield* lockActor(dialect, projectId, 'p', personId)
    for (const run of runs) yield* foldRun(projectId, personId, run, timeout)
  }
}

function* foldRun(projectId: string, personId: string, run: SessionRun, timeout: number): SqlWork<void> {
  const { rows } = yield* query<{
    started_at: number | string
    ended_at: number | string
    events: number | string
    account_id: string
  }>(SESSIONS_NEAR, [projectId, personId, run.start - timeout, run.end + timeout])
  if (rows.length === 0) {
    yield* query(
      'INSERT INTO usage_sessions (project_id, person_id, started_at, ended_at, events, account_id) VALUES (?, ?, ?, ?, ?, ?)',
      [projectId, personId, run.start, run.end, run.events, run.accountId],
    )
    yield* addToSessionHour(projectId, run.start, 1, run.end - run.start)
    yield* addToAccountSessions(projectId, run.accountId, run.start, 1, run.end - run.start)
    return
  }
  let { start, end, events } = run
  // The merged session's account: that of its latest part with an account (parts are whole sessions or runs).
  let account = { id: run.accountId, end: run.accountId === '' ? Number.NEGATIVE_INFINITY : run.end }
  for (const row of rows) {
    const rowEnd = Number(row.ended_at)
    start = Math.min(start, Number(row.started_at))
    end = Math.max(end, rowEnd)
    events += Number(row.events)
    if (row.account_id !== '' && rowEnd > account.end) account = { id: row.account_id, end: rowEnd }
  }
  const first = Number(rows[0]?.started_at)
  for (const row of rows.slice(1)) {
    yield* query('DELETE FROM usage_sessions WHERE project_id = ? AND person_id = ? AND started_at = ?', [
      projectId,
      personId,
      row.started_at,
    ])
  }
  yield* query(
    `UPDATE usage_sessions SET started_at = ?, ended_at = ?, events = ?, account_id = ?
WHERE project_id = ? AND person_id = ? AND started_at = ?`,
    [start, end, events, account.id, projectId, personId, first],
  )
  // The hourly counts lose the sessions merged or changed and gain the one they became; a session that only
  // grew longer changes its hour's duration alone, in one statement. The account's counts likewise, by the
  // account each session had.
  const hours = new Map<string, { account: string; at: number; sessions: number; durationMs: number }>()
  const add = (account: string, at: number, sessions: number, durationMs: number) => {
    const key = `${account}${SEP}${Math.floor(at / HOUR_MS)}`
    const entry = hours.get(key) ?? { account, at, sessions: 0, durationMs: 0 }
    entry.sessions += sessions
    entry.durationMs += durationMs
    hours.set(key, entry)
  }
  for (const row of rows)
    add(row.account_id, Number(row.started_at), -1, Number(row.started_at) - Number(row.ended_at))
  add(account.id, start, 1, end - start)
  const projectHours = new Map<number, { sessions: number; durationMs: number }>()
  for (const { account: accountId, at, sessions, durationMs } of hours.values()) {
    if (sessions === 0 && durationMs === 0) continue
    yield* addToAccountSessions(projectId, accountId, at, sessions, durationMs)
    const hour = Math.floor(at / HOUR_MS)
    const entry = projectHours.get(hour) ?? { sessions: 0, durationMs: 0 }
    entry.sessions += sessions
    entry.durationMs += durationMs
    projectHours.set(hour, entry)
  }
  for (const [hour, { sessions, durationMs }] of projectHours) {
    if (sessions !== 0 || durationMs !== 0)
      yield* query(SESSION_HOUR, [projectId, hour, sessions, durationMs])
  }
}

const SESSION_HOUR = `INSERT INTO usage_session_hours (project_id, hour, sessions, duration_ms) VALUES (?, ?, ?, ?)
ON CONFLICT (project_id, hour) DO UPDATE SET sessions = usage_session_hours.sessions + excluded.sessions,
duration_ms = usage_session_hours.duration_ms + excluded.duration_ms`

/** Adds to the count and total duration of the project's sessions starting in an hour. */
function* addToSessionHour(
  projectId: string,
  start: number,
  sessions: number,
  durationMs: number,
): SqlWork<void> {
  yield* query(SESSION_HOUR, [projectId, Math.floor(start / HOUR_MS), sessions, durationMs])
}
