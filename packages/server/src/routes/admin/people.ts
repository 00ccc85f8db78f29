import { ZAccountId } from '@heed/shared/schemas/ids'
import { Hono } from 'hono'
import { z } from 'zod'
import type { HeedDatabase } from '../../db/open'
import type { AppEnv } from '../../env'
import { notFound } from '../../errors'
import { pageOf, pageParameters } from '../../http/pagination'
import { readQuery } from '../../http/read-query'
import {
  type AccountRecord,
  findAccount,
  findPerson,
  listPersons,
  type PersonRecord,
} from '../../store/people-queries'
import { erasePerson } from '../../store/person-erasure'

const PERSONS = 'persons'

export const ZPersonListQuery = z.strictObject({
  accountId: ZAccountId.optional(),
  ...pageParameters(PERSONS),
})

const iso = (time: number) => new Date(time).toISOString()

const personJson = (person: PersonRecord) => ({
  ...person,
  firstSeen: iso(person.firstSeen),
  lastSeen: iso(person.lastSeen),
  lastResponseAt: person.lastResponseAt === null ? null : iso(person.lastResponseAt),
})

const accountJson = (account: AccountRecord) => ({
  ...account,
  firstSeen: iso(account.firstSeen),
  lastSeen: iso(account.lastSeen),
})

const lastSeenPosition = (row: { id: string; lastSeen: number }) => ({ at: row.lastSeen, id: row.id })

/**
 * Persons and accounts, most recently seen first, and the erasure of a person. Ids are the customer's own
 * and may hold any character, so clients percent-encode them in the path (`/persons/a%2Fb`).
 */
export function adminPeopleRoutes({ database }: { database: HeedDatabase }): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/persons', async (c) => {
    const { limit, cursor, accountId } = readQuery(c.req.queries(), ZPersonListQuery)
    const rows = await listPersons(
      database,
      c.get('project').id,
      { accountId },
      { limit: limit + 1, after: cursor },
    )
    const page = pageOf(PERSONS, rows, limit, lastSeenPosition)
    return c.json({ persons: page.items.map(personJson), nextCursor: page.nextCursor })
  })

  app.get('/persons/:id', async (c) => {
    const person = await findPerson(database, c.get('project').id, c.req.param('id'))
    if (!person) throw notFound('person')
    return c.json({ person: personJson(person) })
  })

  // GDPR erasure; answers 404 only when nothing at all is stored under the id, so a retry after a lost
  // answer reads as "already gone" rather than as a second erasure.
  app.delete('/persons/:id', async (c) => {
    const erased = await erasePerson(database, c.get('project').id, c.req.param('id'))
    if (!erased) throw notFound('person')
    return c.json({ erased })
  })

  app.get('/accounts/:id', async (c) => {
    const account = await findAccount(database, c.get('project').id, c.req.param('id'))
    if (!account) throw notFound('account')
    return c.json({ account: accountJson(account) })
  })

  return app
}
