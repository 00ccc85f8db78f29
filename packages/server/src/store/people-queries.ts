import { type Expression, type SqlBool, sql } from 'kysely'
import type { HeedDatabase } from '../db/open'
import { parseJsonObject } from './json'

export interface PersonRecord {
  id: string
  accountId: string | null
  traits: Record<string, unknown>
  firstSeen: number
  lastSeen: number
  /** The browsers' anonymous ids identified as this person. */
  anonymousIds: string[]
  responseCount: number
  eventCount: number
  lastResponseAt: number | null
}

export interface AccountRecord {
  id: string
  traits: Record<string, unknown>
  firstSeen: number
  lastSeen: number
  personCount: number
  responseCount: number
}

interface PageRequest {
  limit: number
  /** The last seen time and id of the previous page's last row. */
  after?: { at: number; id: string }
}

/** Rows after `after` in (last seen, id) descending order: a row-value comparison both dialects index. */
const seenBefore = (after: { at: number; id: string }): Expression<SqlBool> =>
  sql<SqlBool>`(last_seen, id) < (${after.at}, ${after.id})`

/** Persons of the project, most recently seen first (ties broken by id, descending). */
export async function listPersons(
  database: HeedDatabase,
  projectId: string,
  filter: { accountId?: string },
  page: PageRequest,
): Promise<PersonRecord[]> {
  let query = database.reads.selectFrom('persons').selectAll().where('project_id', '=', projectId)
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId)
  if (page.after !== undefined) query = query.where(seenBefore(page.after))
  const rows = await query.orderBy('last_seen', 'desc').orderBy('id', 'desc').limit(page.limit).execute()
  return withPersonActivity(database, projectId, rows)
}

export async function findPerson(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<PersonRecord | undefined> {
  const row = await database.reads
    .selectFrom('persons')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const [person] = await withPersonActivity(database, projectId, [row])
  return person
}

/** Aliases and counts for a page of persons: three grouped queries, whatever the page's length. */
async function withPersonActivity(
  database: HeedDatabase,
  projectId: string,
  rows: readonly {
    id: string
    account_id: string | null
    traits: string
    first_seen: number
    last_seen: number
  }[],
): Promise<PersonRecord[]> {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const [aliases, responses, events] = await Promise.all([
    database.reads
      .selectFrom('person_aliases')
      .select(['person_id', 'anonymous_id'])
      .where('project_id', '=', projectId)
      .where('person_id', 'in', ids)
      .orderBy('anonymous_id')
      .execute(),
    database.reads
      .selectFrom('responses')
      .select((eb) => [
        'person_id',
        eb.fn.countAll<number>().as('count'),
        eb.fn.max('created_at').as('last_at'),
      ])
      .where('project_id', '=', projectId)
      .where('person_id', 'in', ids)
      .groupBy('person_id')
      .execute(),
    database.reads
      .selectFrom('events')
      .select((eb) => ['person_id', eb.fn.countAll<number>().as('count')])
      .where('project_id', '=', projectId)
      .where('person_id', 'in', ids)
      .groupBy('person_id')
      .execute(),
  ])
  const anonymousIds = new Map<string, string[]>()
  for (const alias of aliases) {
    const list = anonymousIds.get(alias.person_id) ?? []
    list.push(alias.anonymous_id)
    anonymousIds.set(alias.person_id, list)
  }
  const responseStats = new Map(responses.map((r) => [r.person_id, r]))
  const eventCounts = new Map(events.map((e) => [e.person_id, Number(e.count)]))
  return rows.map((row) => {
    const stats = responseStats.get(row.id)
    return {
      id: row.id,
      accountId: row.account_id,
      traits: parseJsonObject(row.traits),
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      anonymousIds: anonymousIds.get(row.id) ?? [],
      responseCount: Number(stats?.count ?? 0),
      eventCount: eventCounts.get(row.id) ?? 0,
      lastResponseAt: stats ? Number(stats.last_at) : null,
    }
  })
}

export async function findAccount(
  database: HeedDatabase,
  projectId: string,
  id: string,
): Promise<AccountRecord | undefined> {
  const row = await database.reads
    .selectFrom('accounts')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const [account] = await withAccountActivity(database, projectId, [row])
  return account
}

async function withAccountActivity(
  database: HeedDatabase,
  projectId: string,
  rows: readonly { id: string; traits: string; first_seen: number; last_seen: number }[],
): Promise<AccountRecord[]> {
  const counts = await accountCounts(
    database,
    projectId,
    rows.map((row) => row.id),
  )
  return rows.map((row) => ({
    id: row.id,
    traits: parseJsonObject(row.traits),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    personCount: counts.get(row.id)?.personCount ?? 0,
    responseCount: counts.get(row.id)?.responseCount ?? 0,
  }))
}

/** Persons and answers of each of these accounts: two grouped queries, whatever the number of ids. */
export async function accountCounts(
  database: HeedDatabase,
  projectId: string,
  ids: readonly string[],
): Promise<Map<string, { personCount: number; responseCount: number }>> {
  const counts = new Map<string, { personCount: number; responseCount: number }>()
  if (ids.length === 0) return counts
  const [persons, responses] = await Promise.all([
    database.reads
      .selectFrom('persons')
      .select((eb) => ['account_id', eb.fn.countAll<number>().as('count')])
      .where('project_id', '=', projectId)
      .where('account_id', 'in', ids)
      .groupBy('account_id')
      .execute(),
    database.reads
      .selectFrom('responses')
      .select((eb) => ['account_id', eb.fn.countAll<number>().as('count')])
      .where('project_id', '=', projectId)
      .where('account_id', 'in', ids)
      .groupBy('account_id')
      .execute(),
  ])
  for (const id of ids) counts.set(id, { personCount: 0, responseCount: 0 })
  for (const row of persons) {
    const entry = row.account_id === null ? undefined : counts.get(row.account_id)
    if (entry) entry.personCount = Number(row.count)
  }
  for (const row of responses) {
    const entry = row.account_id === null ? undefined : counts.get(row.account_id)
    if (entry) entry.responseCount = Number(row.count)
  }
  return counts
}
