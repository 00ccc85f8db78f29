import { type SqlBool, sql } from 'kysely'
import type { HeedDatabase } from '../db/open'
import type { EventTable } from '../db/schema'
import { CONTEXT_COLUMNS, type EventContext } from './events'
import { parseJsonObject } from './json'
import { upperBound } from './keyset-bound'

/** What `GET /admin/v1/events` selects by; every field given must match exactly. */
export interface EventFilter extends EventContext {
  type?: EventTable['type']
  name?: string
  personId?: string
  anonymousId?: string
  accountId?: string
  /** occurred_at from (inclusive) and to (exclusive), in ms. */
  from?: number
  to?: number
}

export interface EventRecord {
  id: string
  type: string
  name: string
  anonymousId: string
  personId: string | null
  accountId: string | null
  sessionId: string | null
  properties: Record<string, unknown>
  url: string | null
  context: { [K in keyof EventContext]-?: string | null }
  occurredAt: number
  receivedAt: number
}

/**
 * Events of the project matching the filter, latest first by when they happened (ties broken by id,
 * descending), starting after `after`: keyset pagination like the responses list.
 */
export async function listEvents(
  database: HeedDatabase,
  projectId: string,
  filter: EventFilter,
  page: { limit: number; after?: { at: number; id: string } },
): Promise<EventRecord[]> {
  let query = database.db.selectFrom('events').selectAll().where('project_id', '=', projectId)
  if (filter.type !== undefined) query = query.where('type', '=', filter.type)
  if (filter.name !== undefined) query = query.where('name', '=', filter.name)
  if (filter.personId !== undefined) query = query.where('person_id', '=', filter.personId)
  if (filter.anonymousId !== undefined) query = query.where('anonymous_id', '=', filter.anonymousId)
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId)
  if (filter.from !== undefined) query = query.where('occurred_at', '>=', filter.from)
  for (const [key, column] of Object.entries(CONTEXT_COLUMNS) as Array<[keyof EventContext, string]>) {
    const value = filter[key]
    if (value !== undefined) query = query.where(column as keyof EventTable, '=', value)
  }
  // One row-value upper bound, `to` folded in (see listResponses).
  const before = upperBound(filter.to, page.after)
  if (before !== undefined) {
    query = query.where(sql<SqlBool>`(occurred_at, id) < (${before.at}, ${before.id})`)
  }
  const rows = await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute()
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    name: row.name,
    anonymousId: row.anonymous_id,
    personId: row.person_id,
    accountId: row.account_id,
    sessionId: row.session_id,
    properties: parseJsonObject(row.properties),
    url: row.url,
    context: {
      userAgent: row.user_agent,
      locale: row.locale,
      library: row.library,
      utmCampaign: row.utm_campaign,
      utmSource: row.utm_source,
      utmMedium: row.utm_medium,
      pagePath: row.page_path,
      referrer: row.referrer,
      title: row.title,
    },
    occurredAt: Number(row.occurred_at),
    receivedAt: Number(row.received_at),
  }))
}
