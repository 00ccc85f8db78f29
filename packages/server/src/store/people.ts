import type { DialectName } from '../db/dialect'
import type { HeedDatabase } from '../db/open'
import { query, type SqlWork } from '../db/work'
import { defineWrite } from '../db/write'
import { keepAnonymousTraits, takeAnonymousTraits } from './anonymous-traits'
import { parseJsonObject } from './json'

const SELECT_ALIAS = 'SELECT person_id FROM person_aliases WHERE project_id = ? AND anonymous_id = ?'
const SELECT_PERSON = 'SELECT traits, account_id FROM persons WHERE project_id = ? AND id = ?'
const SELECT_ACCOUNT = 'SELECT traits FROM accounts WHERE project_id = ? AND id = ?'

/** `FOR UPDATE` where rows can be locked; SQLite serializes whole write transactions instead. */
export const lockRows = (dialect: DialectName) => (dialect === 'postgres' ? ' FOR UPDATE' : '')

/** The person an anonymous browser id was identified as, if it was. */
export function* resolvePerson(projectId: string, anonymousId: string): SqlWork<string | undefined> {
  const { rows } = yield* query<{ person_id: string }>(SELECT_ALIAS, [projectId, anonymousId])
  return rows[0]?.person_id
}

export interface TraitSnapshot {
  accountId: string | undefined
  /** Person traits, then those sent with the answer, then account traits under `account.`. */
  traits: Record<string, unknown>
}

/** What is known about who answered, kept with the answer so segments read as they were then. */
export function* traitSnapshot(
  projectId: string,
  personId: string | undefined,
  accountId: string | undefined,
  sent: Record<string, unknown> | undefined,
): SqlWork<TraitSnapshot> {
  let personTraits: Record<string, unknown> = {}
  let resolvedAccount = accountId
  if (personId) {
    const { rows } = yield* query<{ traits: string; account_id: string | null }>(SELECT_PERSON, [
      projectId,
      personId,
    ])
    const person = rows[0]
    if (person) {
      personTraits = parseJsonObject(person.traits)
      resolvedAccount ??= person.account_id ?? undefined
    }
  }
  const traits: Record<string, unknown> = { ...personTraits, ...sent }
  if (resolvedAccount) {
    const { rows } = yield* query<{ traits: string }>(SELECT_ACCOUNT, [projectId, resolvedAccount])
    for (const [key, value] of Object.entries(parseJsonObject(rows[0]?.traits)))
      traits[`account.${key}`] = value
  }
  return { accountId: resolvedAccount, traits }
}

export interface IdentifyInput {
  anonymousId?: string
  userId: string
  traits?: Record<string, unknown>
  account?: { id: string; traits?: Record<string, unknown> }
  at: number
}

const ENSURE = {
  persons: `INSERT INTO persons (project_id, id, account_id, traits, first_seen, last_seen) VALUES (?, ?, NULL, '{}', ?, ?)
ON CONFLICT (project_id, id) DO NOTHING`,
  accounts: `INSERT INTO accounts (project_id, id, traits, first_seen, last_seen) VALUES (?, ?, '{}', ?, ?)
ON CONFLICT (project_id, id) DO NOTHING`,
}

const LINK_ALIAS = `INSERT INTO person_aliases (project_id, anonymous_id, person_id) VALUES (?, ?, ?)
ON CONFLICT (project_id, anonymous_id) DO UPDATE SET person_id = excluded.person_id`

/**
 * Merges traits into a person (and account), links the browser's anonymous id to the person, and gives
 * earlier anonymous answers, displays and events their person. Traits merge key by key.
 */
export function identify(database: HeedDatabase, projectId: string, input: IdentifyInput): Promise<void> {
  return database.write(IDENTIFY, projectId, input)
}

export const IDENTIFY = defineWrite('identify', identifyWork)

function* identifyWork(dialect: DialectName, projectId: string, input: IdentifyInput): SqlWork<void> {
  // What the anonymous id's own identify and group calls left: earlier, so the identify's traits win.
  const waiting = input.anonymousId ? yield* takeAnonymousTraits(projectId, input.anonymousId) : undefined
  const accountId = input.account?.id ?? waiting?.accountId
  if (input.account) {
    yield* mergeTraits(dialect, 'accounts', projectId, input.account.id, input.account.traits, input.at)
  }
  const traits = waiting ? { ...waiting.traits, ...input.traits } : input.traits
  yield* mergeTraits(dialect, 'persons', projectId, input.userId, traits, input.at)
  if (accountId) {
    yield* query('UPDATE persons SET account_id = ? WHERE project_id = ? AND id = ?', [
      accountId,
      projectId,
      input.userId,
    ])
  }
  if (input.anonymousId) {
    yield* query(LINK_ALIAS, [projectId, input.anonymousId, input.userId])
    for (const table of ['responses', 'events', 'displays']) {
      yield* query(
        `UPDATE ${table} SET person_id = ? WHERE project_id = ? AND anonymous_id = ? AND person_id IS NULL`,
        [input.userId, projectId, input.anonymousId],
      )
    }
  }
}

/** An identify or group call of someone known only by an anonymous id (Segment allows both). */
export interface AnonymousIdentifyInput {
  anonymousId: string
  traits?: Record<string, unknown>
  account?: { id: string; traits?: Record<string, unknown> }
  at: number
}

/**
 * Keeps the traits (and account) of an anonymous visitor until an identify links them to a person, who then
 * takes them over; a visitor identified already gets them on their person at once. The account's own
 * traits are stored right away: an account exists without any person.
 */
export function identifyAnonymous(
  database: HeedDatabase,
  projectId: string,
  input: AnonymousIdentifyInput,
): Promise<void> {
  return database.write(IDENTIFY_ANONYMOUS, projectId, input)
}

export const IDENTIFY_ANONYMOUS = defineWrite(
  'identifyAnonymous',
  function* (dialect, projectId: string, input: AnonymousIdentifyInput) {
    const person = yield* resolvePerson(projectId, input.anonymousId)
    if (person !== undefined) {
      yield* identifyWork(dialect, projectId, { ...input, anonymousId: undefined, userId: person })
      return
    }
    if (input.account) {
      yield* mergeTraits(dialect, 'accounts', projectId, input.account.id, input.account.traits, input.at)
    }
    yield* keepAnonymousTraits(projectId, input.anonymousId, input.traits, input.account?.id, input.at)
  },
)

function* mergeTraits(
  dialect: DialectName,
  table: 'persons' | 'accounts',
  projectId: string,
  id: string,
  traits: Record<string, unknown> | undefined,
  at: number,
): SqlWork<void> {
  yield* query(ENSURE[table], [projectId, id, at, at])
  const { rows } = yield* query<{ traits: string; first_seen: number; last_seen: number }>(
    `SELECT traits, first_seen, last_seen FROM ${table} WHERE project_id = ? AND id = ?${lockRows(dialect)}`,
    [projectId, id],
  )
  const current = rows[0]
  if (!current) throw new Error(`${table} row ${id} vanished during identify`)
  yield* query(
    `UPDATE ${table} SET traits = ?, first_seen = ?, last_seen = ? WHERE project_id = ? AND id = ?`,
    [
      JSON.stringify({ ...parseJsonObject(current.traits), ...traits }),
      Math.min(Number(current.first_seen), at),
      Math.max(Number(current.last_seen), at),
      projectId,
      id,
    ],
  )
}
