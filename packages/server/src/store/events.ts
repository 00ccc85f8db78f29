import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { defineWrite } from '../db/write'
import { resolvePerson } from './people'

export interface EventInput {
  id: string
  type: 'track' | 'page' | 'identify'
  name: string
  anonymousId: string
  userId?: string
  accountId?: string
  sessionId?: string
  properties?: Record<string, unknown>
  url?: string
  at: number
}

const EVENT_COLUMNS = `project_id, id, type, name, anonymous_id, person_id, account_id, session_id, properties, url,
occurred_at, received_at`
const EVENT_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

/** One statement per batch size, so the prepared-statement cache holds at most one per size. */
const insertEvents = (count: number) =>
  `INSERT INTO events (${EVENT_COLUMNS}) VALUES ${Array.from(
    { length: count },
    () => EVENT_PLACEHOLDERS,
  ).join(', ')} ON CONFLICT (project_id, id) DO NOTHING`

const LAST_SEEN = (table: 'persons' | 'accounts') =>
  `INSERT INTO ${table} (project_id, id, traits, first_seen, last_seen) VALUES (?, ?, '{}', ?, ?)
ON CONFLICT (project_id, id) DO UPDATE SET last_seen = CASE WHEN excluded.last_seen > ${table}.last_seen
THEN excluded.last_seen ELSE ${table}.last_seen END`

/** Stores a batch in one transaction; events seen before (same id) are counted as duplicates, not stored again. */
export async function recordEvents(
  database: HeedDatabase,
  projectId: string,
  events: readonly EventInput[],
  now = Date.now(),
): Promise<{ stored: number; duplicates: number }> {
  if (events.length === 0) return { stored: 0, duplicates: 0 }
  return database.write(RECORD_EVENTS, projectId, events, now)
}

export const RECORD_EVENTS = defineWrite(
  'recordEvents',
  function* (_dialect, projectId: string, events: readonly EventInput[], now: number) {
    const persons = yield* personsOf(projectId, events)
    const parameters: unknown[] = []
    for (const event of events) {
      parameters.push(
        projectId,
        event.id,
        event.type,
        event.name,
        event.anonymousId,
        persons.get(event) ?? null,
        event.accountId ?? null,
        event.sessionId ?? null,
        JSON.stringify(event.properties ?? {}),
        event.url ?? null,
        event.at,
        now,
      )
    }
    const { changes: stored } = yield* query(insertEvents(events.length), parameters)
    yield* touchLastSeen(projectId, events, persons)
    return { stored, duplicates: events.length - stored }
  },
)

function* personsOf(projectId: string, events: readonly EventInput[]): SqlWork<Map<EventInput, string>> {
  const byAnonymous = new Map<string, string | undefined>()
  const persons = new Map<EventInput, string>()
  for (const event of events) {
    let person = event.userId
    if (person === undefined) {
      if (!byAnonymous.has(event.anonymousId)) {
        byAnonymous.set(event.anonymousId, yield* resolvePerson(projectId, event.anonymousId))
      }
      person = byAnonymous.get(event.anonymousId)
    }
    if (person !== undefined) persons.set(event, person)
  }
  return persons
}

function* touchLastSeen(
  projectId: string,
  events: readonly EventInput[],
  persons: Map<EventInput, string>,
): SqlWork<void> {
  const latest = { persons: new Map<string, number>(), accounts: new Map<string, number>() }
  const note = (map: Map<string, number>, id: string, at: number) =>
    map.set(id, Math.max(map.get(id) ?? at, at))
  for (const event of events) {
    const person = persons.get(event)
    if (person !== undefined) note(latest.persons, person, event.at)
    if (event.accountId !== undefined) note(latest.accounts, event.accountId, event.at)
  }
  for (const table of ['persons', 'accounts'] as const) {
    for (const [id, at] of latest[table]) {
      yield* query(LAST_SEEN(table), [projectId, id, at, at])
    }
  }
}
