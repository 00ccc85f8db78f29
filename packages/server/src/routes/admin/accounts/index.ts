import { Hono } from 'hono'
import type { HeedDatabase } from '../../../db/open'
import type { AppEnv } from '../../../env'
import { invalidField } from '../../../errors'
import { type PagePosition, pageOf, pageParameters } from '../../../http/pagination'
import { readQuery } from '../../../http/read-query'
import { accountPosition, listAccountSummaries } from '../../../store/accounts/list'
import { accountSummaryJson } from './json'
import { type AccountListQuery, accountFilterOf, listingOf, ZAccountListQuery } from './list-query'
import { accountOverview, ZAccountOverviewQuery } from './overview'

/** Parameters that may repeat (each value may also be a comma list). */
export const ACCOUNT_LIST_REPEATABLE = ['band', 'stage']

/** The page position a cursor holds, refused when it was given out for another sort or direction. */
export function cursorOf(query: AccountListQuery): PagePosition | undefined {
  if (query.cursor === undefined) return undefined
  const parsed = pageParameters(listingOf(query.sort, query.order)).cursor.safeParse(query.cursor)
  if (!parsed.success || parsed.data === undefined) {
    throw invalidField('cursor', 'is not a cursor given out by this accounts list and sort', 'invalid_query')
  }
  return parsed.data
}

/** The options of a listing of accounts: the sort, the NPS window, and the clock and zone of the MRR. */
export const listOptionsOf = (query: AccountListQuery, now: number, timeZone: string) => ({
  sort: query.sort,
  order: query.order,
  npsWindow: { from: query.npsFrom, to: query.npsTo },
  now,
  timeZone,
})

/** Accounts: the list a CSM works from, sortable and filterable by health, stage, MRR, NPS, owner, activity. */
export function adminAccountRoutes({
  database,
  now,
}: {
  database: HeedDatabase
  now: () => number
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const project = c.get('project')
    const query = readQuery(c.req.queries(), ZAccountListQuery, ACCOUNT_LIST_REPEATABLE)
    const after = cursorOf(query)
    const rows = await listAccountSummaries(
      database,
      project.id,
      accountFilterOf(query),
      listOptionsOf(query, now(), project.timeZone),
      { limit: query.limit + 1, ...(after && { after }) },
    )
    const page = pageOf(listingOf(query.sort, query.order), rows, query.limit, accountPosition)
    return c.json({ accounts: page.items.map(accountSummaryJson), nextCursor: page.nextCursor })
  })

  app.get('/:id/overview', async (c) => {
    const query = readQuery(c.req.queries(), ZAccountOverviewQuery)
    return c.json(await accountOverview(database, c.get('project'), c.req.param('id'), query, now()))
  })

  return app
}
