import { ZAccountId, ZPersonId } from '@heed/shared/schemas/ids'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { pageOf, pageParameters } from '../../http/pagination'
import { readQuery } from '../../http/read-query'
import { type EventRecord, listEvents } from '../../store/event-queries'

const LISTING = 'events'

const ZInstant = ZTimestamp.transform((text) => Date.parse(text))
/** A filter value: matched exactly against what was stored. */
const ZValue = z.string().min(1).max(2048)

export const ZEventListQuery = z
  .strictObject({
    type: z.enum(['track', 'page', 'screen']).optional(),
    name: ZValue.optional(),
    personId: ZPersonId.optional(),
    anonymousId: ZValue.optional(),
    accountId: ZAccountId.optional(),
    from: ZInstant.optional(),
    to: ZInstant.optional(),
    userAgent: ZValue.optional(),
    locale: ZValue.optional(),
    library: ZValue.optional(),
    utmCampaign: ZValue.optional(),
    utmSource: ZValue.optional(),
    utmMedium: ZValue.optional(),
    pagePath: ZValue.optional(),
    referrer: ZValue.optional(),
    title: ZValue.optional(),
    ...pageParameters(LISTING),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.to > query.from, {
    path: ['to'],
    error: 'must be later than from',
  })

const iso = (time: number) => new Date(time).toISOString()

const eventJson = (event: EventRecord) => ({
  ...event,
  occurredAt: iso(event.occurredAt),
  receivedAt: iso(event.receivedAt),
})

/**
 * Usage events, latest first, filtered by who, what, when and by the context the sender gave (user agent,
 * locale, library, UTM campaign, page path, referrer, title).
 */
export function adminEventRoutes({ database }: { database: HeedDatabase }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', async (c) => {
    const { limit, cursor, ...filter } = readQuery(c.req.queries(), ZEventListQuery)
    const rows = await listEvents(database, c.get('project').id, filter, {
      limit: limit + 1,
      after: cursor,
    })
    const page = pageOf(LISTING, rows, limit, (row) => ({ at: row.occurredAt, id: row.id }))
    return c.json({ events: page.items.map(eventJson), nextCursor: page.nextCursor })
  })
  return app
}
