import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { defineWrite } from '../db/write'
import { resolvePerson } from './people'

/**
 * What the sender's `context` said about an event (Segment libraries send it; Heed's widget does not).
 * Each is a column of `events` and a filter of `GET /admin/v1/events`.
 */
export interface EventContext {
  userAgent?: string
  locale?: string
  /** `name@version` of the library that sent it. */
  library?: string
  utmCampaign?: string
  utmSource?: string
  utmMedium?: string
  pagePath?: string
  referrer?: string
  title?: string
}

/** Context fields with their columns, in the order the INSERT lists them. */
export const CONTEXT_COLUMNS = {
  userAgent: 'user_agent',
  locale: 'locale',
  library: 'library',
  utmCampaign: 'utm_campaign',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  pagePath: 'page_path',
  referrer: 'referrer',
  title: 'title',
} as const satisfies Record<keyof EventContext, string>
const CONTEXT_KEYS = Object.keys(CONTEXT_COLUMNS) as Array<keyof EventContext>

export interface EventInput {
  id: string
  type: 'track' | 'page' | 'screen' | 'identify'
  name: string
  anonymousId: string
  userId?: string
  accountId?: string
  sessionId?: string
  properties?: Record<string, unknown>
  url?: string
  context?: EventContext
  at: number
}

const EVENT_COLUMNS = `project_id, id, type, name, anonymous_id, person_id, account_id, session_id, properties, url,
occurred_at, received_at, ${Object.values(CONTEXT_COLUMNS).join(', ')}`
const EVENT_PLACEHOLDERS = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${', ?'.repeat(CONTEXT_KEYS.length)})`

/**
 * One statement per batch size, so the prepared-statement cache holds at most one per size. Each text is
 * made once: the cache finds a statement by its text, and a new 4 kB string per batch cost building and
 * hashing it again, a few percent of the writer thread's time.
 */
const insertTexts = new Map<number, string>()
function insertEvents(count: number): string {
  let text = insertTexts.get(count)
  if (text === undefined) {
    text = `INSERT INTO events (${EVENT_COLUMNS}) VALUES ${Array.from(
      { length: count },
      () => EVENT_PLACEHOLDERS,
    ).join(', ')} ON CONFLICT (project_id, id) DO NOTHING RETURNING id`
    insertTexts.set(count, text)
  }
  return text
}

/**
 * Events move a person's or an account's last activity forward a minute or more at a time. Someone using the
 * app sends a batch every few seconds, and each update rewrote their row and moved its entry in the
 * `last_seen` index, on random pages: the people pages sort and show activity to the minute.
 */
export const LAST_SEEN_STEP_MS = 60_000

const lastSeen = (table: 'persons' | 'accounts') =>
  `INSERT INTO ${table} (project_id, id, traits, first_seen, last_seen) VALUES (?, ?, '{}', ?, ?)
ON CONFLICT (project_id, id) DO UPDATE SET last_seen = excluded.last_seen
WHERE excluded.last_seen >= ${table}.last_seen + ${LAST_SEEN_STEP_MS}`
const LAST_SEEN = { persons: lastSeen('persons'), accounts: lastSeen('accounts') }

/** Stores a batch in one transaction; events seen before (same id) are counted as duplicates, not stored again. */
let lastBatchAt = Number.NEGATIVE_INFINITY

/** When this process last sent an event batch to be stored (performance.now()): the usage catch-up yields to them. */
export const lastEventBatchAt = () => lastBatchAt

export async function recordEvents(
  database: HeedDatabase,
  projectId: string,
  events: readonly EventInput[],
  now = Date.now(),
): Promise<{ stored: number; duplicates: number }> {
  if (events.length === 0) return { stored: 0, duplicates: 0 }
  lastBatchAt = performance.now()
  return database.write(RECORD_EVENTS, projectId, packEvents(events), now)
}

/**
 * Events as the write receives them: one flat array of every event's fields in PACKED's order, properties
 * already JSON. Passing a batch to the writer thread costs a fraction of what a hundred objects cost, and
 * the properties are turned into JSON on the main thread, which has time to spare.
 */
type Packed = Array<string | number | null>
const PACKED = {
  id: 0,
  type: 1,
  name: 2,
  anonymousId: 3,
  userId: 4,
  accountId: 5,
  sessionId: 6,
  properties: 7,
  url: 8,
  at: 9,
  /** The context fields follow, in CONTEXT_KEYS' order. */
  context: 10,
} as const
const WIDTH = PACKED.context + CONTEXT_KEYS.length

function packEvents(events: readonly EventInput[]): Packed {
  // Sized up front: pushing ten values an event grew the array several times per batch.
  const packed: Packed = new Array(events.length * WIDTH)
  let offset = 0
  for (const event of events) {
    packed[offset + PACKED.id] = event.id
    packed[offset + PACKED.type] = event.type
    packed[offset + PACKED.name] = event.name
    packed[offset + PACKED.anonymousId] = event.anonymousId
    packed[offset + PACKED.userId] = event.userId ?? null
    packed[offset + PACKED.accountId] = event.accountId ?? null
    packed[offset + PACKED.sessionId] = event.sessionId ?? null
    packed[offset + PACKED.properties] =
      event.properties === undefined ? '{}' : JSON.stringify(event.properties)
    packed[offset + PACKED.url] = event.url ?? null
    packed[offset + PACKED.at] = event.at
    const context = event.context
    for (let i = 0; i < CONTEXT_KEYS.length; i++) {
      packed[offset + PACKED.context + i] = context?.[CONTEXT_KEYS[i]!] ?? null
    }
    offset += WIDTH
  }
  return packed
}

export const RECORD_EVENTS = defineWrite(
  'recordEvents',
  function* (dialect, projectId: string, packed: Packed, now: number) {
    const count = packed.length / WIDTH
    // The usage catch-up reads PostgreSQL's storing positions only once no batch of the project holds one
    // uncommitted (see usageBoundWork).
    if (dialect === 'postgres')
      yield* query('SELECT id FROM projects WHERE id = ? FOR KEY SHARE', [projectId])
    const persons = yield* personsOf(projectId, packed)
    const parameters: unknown[] = []
    for (let i = 0, at = 0; i < count; i++, at += WIDTH) {
      parameters.push(
        projectId,
        packed[at + PACKED.id],
        packed[at + PACKED.type],
        packed[at + PACKED.name],
        packed[at + PACKED.anonymousId],
        persons[i],
        packed[at + PACKED.accountId],
        packed[at + PACKED.sessionId],
        packed[at + PACKED.properties],
        packed[at + PACKED.url],
        packed[at + PACKED.at],
        now,
      )
      for (let c = 0; c < CONTEXT_KEYS.length; c++) parameters.push(packed[at + PACKED.context + c])
    }
    // The usage rollups take the stored events up later, by storing order (see usage/catch-up.ts).
    const { rows } = yield* query<{ id: string }>(insertEvents(count), parameters)
    yield* touchLastSeen(projectId, packed, persons)
    return { stored: rows.length, duplicates: count - rows.length }
  },
  (_projectId, packed) => packed.length / WIDTH,
)

/** Each event's person: its user id, else the person its anonymous id was identified as, else null. */
function* personsOf(projectId: string, packed: Packed): SqlWork<Array<string | null>> {
  const byAnonymous = new Map<string, string | null>()
  const persons: Array<string | null> = []
  for (let at = 0; at < packed.length; at += WIDTH) {
    let person = packed[at + PACKED.userId] as string | null
    if (person === null) {
      const anonymousId = packed[at + PACKED.anonymousId] as string
      if (!byAnonymous.has(anonymousId)) {
        byAnonymous.set(anonymousId, (yield* resolvePerson(projectId, anonymousId)) ?? null)
      }
      person = byAnonymous.get(anonymousId) ?? null
    }
    persons.push(person)
  }
  return persons
}

function* touchLastSeen(projectId: string, packed: Packed, persons: Array<string | null>): SqlWork<void> {
  const latest = { persons: new Map<string, number>(), accounts: new Map<string, number>() }
  const note = (map: Map<string, number>, id: string, at: number) =>
    map.set(id, Math.max(map.get(id) ?? at, at))
  persons.forEach((person, i) => {
    const at = packed[i * WIDTH + PACKED.at] as number
    const account = packed[i * WIDTH + PACKED.accountId] as string | null
    if (person !== null) note(latest.persons, person, at)
    if (account !== null) note(latest.accounts, account, at)
  })
  for (const table of ['persons', 'accounts'] as const) {
    for (const [id, at] of latest[table]) {
      yield* query(LAST_SEEN[table], [projectId, id, at, at])
    }
  }
}
