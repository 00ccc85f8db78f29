import { type FeatureMatcher, featureMatcher, pagePathOf, type TFeature } from '@heed/shared/usage/features'
import { DEFAULT_SESSION_TIMEOUT_MS } from '@heed/shared/usage/sessions'
import type { DialectName } from '../../db/dialect'
import { query, type SqlWork } from '../../db/work'
import { dayOf, hourBitOf } from './hours'

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

const ACTIVITY_UPSERT = `INSERT INTO usage_activity (project_id, day, person_id, account_id, hours) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (project_id, day, person_id, account_id) DO UPDATE SET hours = usage_activity.hours | excluded.hours
WHERE (usage_activity.hours | excluded.hours) <> usage_activity.hours`

const FEATURE_UPSERT = `INSERT INTO feature_usage (project_id, feature_key, day, person_id, account_id, hours, uses, last_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (project_id, feature_key, day, person_id, account_id) DO UPDATE SET
hours = feature_usage.hours | excluded.hours, uses = feature_usage.uses + excluded.uses,
last_at = CASE WHEN excluded.last_at > feature_usage.last_at THEN excluded.last_at ELSE feature_usage.last_at END`

const SESSIONS_NEAR = `SELECT started_at, ended_at, events, account_id FROM usage_sessions
WHERE project_id = ? AND person_id = ? AND started_at <= ? AND ended_at >= ? ORDER BY started_at`

const CATALOGUE = 'SELECT definition FROM features WHERE project_id = ? ORDER BY position'

/** The project's catalogue as the write path and the rebuild job match events against it. */
export function* catalogueMatcherWork(projectId: string): SqlWork<FeatureMatcher | null> {
  const { rows } = yield* query<{ definition: string }>(CATALOGUE, [projectId])
  if (rows.length === 0) return null
  return featureMatcher(rows.map((row) => JSON.parse(row.definition) as TFeature))
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
 * Adds newly stored events to the usage rollups, in the transaction that stores them: the activity of each
 * person and account per UTC day and hour, each person's sessions, and the features of the catalogue used.
 * Only events stored by this write may be passed (never duplicates), since sessions and uses are counts.
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
  for (const [key, cell] of activity) {
    const [day, person, account] = key.split(SEP)
    yield* query(ACTIVITY_UPSERT, [projectId, Number(day), person, account, cell.hours])
  }
  yield* addToSessions(projectId, events)
  yield* addFeatureUses(
    projectId,
    yield* featureWriteScope(dialect, projectId, events),
    yield* catalogueMatcherWork(projectId),
  )
}

const RUNNING_REBUILD_CURSOR = `SELECT cursor FROM jobs WHERE project_id = ? AND kind = 'feature-rebuild'
AND status = 'running'`

/**
 * The events whose feature uses this write counts: all of them, unless a rebuild is running, which counts
 * the events ahead of its cursor itself (see rebuild.ts). On PostgreSQL the project row is share-locked
 * first, so a catalogue change (which locks it for update) commits wholly before or after this batch, and the
 * rebuild's job row too, so its cursor cannot move until the batch commits.
 */
function* featureWriteScope(
  dialect: DialectName,
  projectId: string,
  events: readonly UsageEvent[],
): SqlWork<readonly UsageEvent[]> {
  if (dialect === 'postgres') yield* query('SELECT id FROM projects WHERE id = ? FOR KEY SHARE', [projectId])
  const { rows } = yield* query<{ cursor: string | null }>(
    `${RUNNING_REBUILD_CURSOR}${dialect === 'postgres' ? ' FOR SHARE' : ''}`,
    [projectId],
  )
  const rebuild = rows[0]
  if (rebuild === undefined) return events
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
  for (const [key, cell] of uses) {
    const [feature, day, person, account] = key.split(SEP)
    yield* query(FEATURE_UPSERT, [
      projectId,
      feature,
      Number(day),
      person,
      account,
      cell.hours,
      cell.uses,
      cell.lastAt,
    ])
  }
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
function* addToSessions(projectId: string, events: readonly UsageEvent[]): SqlWork<void> {
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
    for (const run of runs) yield* foldRun(projectId, personId, run, timeout)
  }
}

function* foldRun(projectId: string, personId: string, run: SessionRun, timeout: number): SqlWork<void> {
  const { rows } = yield* query<{
    started_at: number | string
    ended_at: number | string
    events: number | string
    account_id: string
  }>(SESSIONS_NEAR, [projectId, personId, run.end + timeout, run.start - timeout])
  if (rows.length === 0) {
    yield* query(
      'INSERT INTO usage_sessions (project_id, person_id, started_at, ended_at, events, account_id) VALUES (?, ?, ?, ?, ?, ?)',
      [projectId, personId, run.start, run.end, run.events, run.accountId],
    )
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
}
