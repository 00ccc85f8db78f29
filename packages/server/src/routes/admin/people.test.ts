import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, post, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { SCORE_COLUMNS } from '../../store/rollups'

interface PersonJson {
  id: string
  accountId: string | null
  traits: Record<string, unknown>
  firstSeen: string
  lastSeen: string
  anonymousIds: string[]
  responseCount: number
  eventCount: number
  lastResponseAt: string | null
}

interface AccountJson {
  id: string
  traits: Record<string, unknown>
  firstSeen: string
  lastSeen: string
  personCount: number
  responseCount: number
}

const MINUTE = 60_000
// Client times within the last 30 days are kept as sent, so the data sits a few days back, on the hour.
const BASE = Math.floor((Date.now() - 3 * 24 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE
const at = (minutes: number) => new Date(BASE + minutes * MINUTE).toISOString()

/** A person id with a slash and a space: it must survive the trip through the URL path. */
const TARGET = 'user/1 two'
const TARGET_PATH = encodeURIComponent(TARGET)
const TARGET_ALIASES = ['anon_target_1', 'anon_target_2']

describe.each(dialectCases())('admin persons and accounts API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>
  /** Acme's persons and when each was last seen, in minutes after BASE. */
  const lastSeen = new Map<string, number>()

  const ingest = async (project: TestProject, path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${project.project.publicKey}`, post(body))
    expect(response.status).toBeLessThan(300)
  }
  const identify = (project: TestProject, body: Record<string, unknown>) => ingest(project, '/identify', body)
  const respond = (
    project: TestProject,
    id: string,
    score: number,
    minute: number,
    who: Record<string, string>,
  ) =>
    ingest(project, '/responses', {
      id,
      surveyId: project.surveys.nps,
      score,
      timestamp: at(minute),
      ...who,
    })
  const display = (project: TestProject, id: string, event: string, minute: number, anonymousId: string) =>
    ingest(project, '/displays', {
      id,
      surveyId: project.surveys.nps,
      anonymousId,
      event,
      timestamp: at(minute),
    })
  const track = (project: TestProject, id: string, minute: number, who: Record<string, string>) =>
    ingest(project, '/events', { events: [{ id, name: 'report.exported', timestamp: at(minute), ...who }] })

  const send = (method: string, path: string, key = acme.secretKey) =>
    app.request(`/admin/v1${path}`, { method, headers: { authorization: `Bearer ${key}` } })
  const get = (path: string, key = acme.secretKey) => send('GET', path, key)

  /** Every item a listing gives, following its cursor. */
  const listAll = async <Item>(path: string, field: string, limit: number, key = acme.secretKey) => {
    const items: Item[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 100; pages++) {
      const separator = path.includes('?') ? '&' : '?'
      const response = await get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key)
      expect(response.status).toBe(200)
      const body = (await response.json()) as Record<string, unknown>
      const page = body[field] as Item[]
      expect(page.length).toBeLessThanOrEqual(limit)
      items.push(...page)
      cursor = body.nextCursor as string | null
      if (cursor === null) return items
    }
    throw new Error('the cursor never ended')
  }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)

    // Twelve plain persons in two accounts; persons 3, 4 and 5 were last seen at the same moment.
    for (let i = 0; i < 12; i++) {
      const id = `person-${String(i).padStart(2, '0')}`
      const minute = i >= 3 && i <= 5 ? 3 : i
      const account = i <= 5 ? 'acct-a' : i <= 8 ? 'acct-b' : undefined
      await identify(acme, {
        anonymousId: `anon_person_${i}`,
        userId: id,
        ...(account && { account: { id: account } }),
        timestamp: at(minute),
      })
      lastSeen.set(id, minute)
    }

    // The person to erase: anonymous activity first, then identified on two browsers, then more activity.
    await respond(acme, 'resp_target_1', 3, 20, { anonymousId: 'anon_target_1', comment: 'slow' })
    await display(acme, 'disp_target_1', 'dismissed', 21, 'anon_target_1')
    await track(acme, 'evt_target_1', 22, { anonymousId: 'anon_target_1' })
    await identify(acme, {
      anonymousId: 'anon_target_1',
      userId: TARGET,
      traits: { plan: 'pro' },
      account: { id: 'acct one', traits: { tier: 'gold' } },
      timestamp: at(30),
    })
    await identify(acme, { anonymousId: 'anon_target_2', userId: TARGET, timestamp: at(31) })
    await respond(acme, 'resp_target_2', 9, 40, { anonymousId: 'anon_target_2' })
    await display(acme, 'disp_target_2', 'shown', 41, 'anon_target_2')
    await track(acme, 'evt_target_2', 45, { anonymousId: 'anon_target_3', userId: TARGET })
    await respond(acme, 'resp_target_3', 7, 50, { anonymousId: 'anon_target_4', userId: TARGET })
    // Given on one of the person's browsers by someone else, signed in: theirs, so it stays.
    await respond(acme, 'resp_borrowed', 0, 55, { anonymousId: 'anon_target_1', userId: 'someone-else' })
    lastSeen.set(TARGET, 45)

    // Someone in the same account, who must lose nothing.
    await identify(acme, {
      anonymousId: 'anon_bystander',
      userId: 'bystander-1',
      account: { id: 'acct one' },
      timestamp: at(60),
    })
    await respond(acme, 'resp_bystander', 2, 61, { anonymousId: 'anon_bystander' })
    await display(acme, 'disp_bystander', 'dismissed', 62, 'anon_bystander')
    await track(acme, 'evt_bystander', 63, { anonymousId: 'anon_bystander' })
    lastSeen.set('bystander-1', 63)

    // Known only from an answer sent with a user id: there is no person row, yet there is data to erase.
    await respond(acme, 'resp_ghost_01', 5, 70, { anonymousId: 'anon_ghost_01', userId: 'ghost user' })

    // Another project with a person of the same id on a browser with the same anonymous id.
    await identify(other, { anonymousId: 'anon_target_1', userId: TARGET, timestamp: at(30) })
    await respond(other, 'resp_other_01', 10, 40, { anonymousId: 'anon_target_1' })
    await display(other, 'disp_other_01', 'shown', 40, 'anon_target_1')
    await track(other, 'evt_other_01', 40, { anonymousId: 'anon_target_1' })
  })
  afterAll(() => database.close())

  it('reads a person whose id has a slash and a space, with aliases and activity', async () => {
    const response = await get(`/persons/${TARGET_PATH}`)
    expect(response.status).toBe(200)
    const { person } = (await response.json()) as { person: PersonJson }
    expect(person).toEqual({
      id: TARGET,
      accountId: 'acct one',
      traits: { plan: 'pro' },
      firstSeen: at(30),
      lastSeen: at(45),
      anonymousIds: TARGET_ALIASES,
      responseCount: 3,
      eventCount: 2,
      lastResponseAt: at(50),
    })
  })

  it('lists persons most recently seen first across pages, with no duplicates or gaps', async () => {
    const persons = await listAll<PersonJson>('/persons', 'persons', 4)
    const expected = [...lastSeen].sort(([a, aSeen], [b, bSeen]) => bSeen - aSeen || (a < b ? 1 : -1))
    expect(persons.map((p) => p.id)).toEqual(expected.map(([id]) => id))
    expect(persons.map((p) => p.lastSeen)).toEqual(expected.map(([, minute]) => at(minute)))
    const quiet = persons.find((p) => p.id === 'person-11')
    expect(quiet).toMatchObject({ anonymousIds: ['anon_person_11'], responseCount: 0, lastResponseAt: null })
  })

  it('lists the persons of one account', async () => {
    const persons = await listAll<PersonJson>('/persons?accountId=acct-a', 'persons', 2)
    expect(persons.map((p) => p.id)).toEqual([
      'person-05',
      'person-04',
      'person-03',
      'person-02',
      'person-01',
      'person-00',
    ])
    const single = await listAll<PersonJson>(
      `/persons?accountId=${encodeURIComponent('acct one')}`,
      'persons',
      50,
    )
    expect(single.map((p) => p.id)).toEqual(['bystander-1', TARGET])
  })

  it('lists and reads accounts with their persons and answers counted', async () => {
    const accounts = await listAll<AccountJson>('/accounts', 'accounts', 2)
    expect(accounts.map((a) => a.id)).toEqual(['acct one', 'acct-b', 'acct-a'])
    expect(accounts[2]).toMatchObject({ personCount: 6, responseCount: 0, firstSeen: at(0), lastSeen: at(3) })

    const response = await get(`/accounts/${encodeURIComponent('acct one')}`)
    expect(response.status).toBe(200)
    expect(((await response.json()) as { account: AccountJson }).account).toEqual({
      id: 'acct one',
      traits: { tier: 'gold' },
      firstSeen: at(30),
      lastSeen: at(60),
      personCount: 2,
      responseCount: 3,
    })
    expect((await get('/accounts/acct-none')).status).toBe(404)
  })

  it("gives another project's key nothing of this project's persons and accounts", async () => {
    const persons = await listAll<PersonJson>('/persons', 'persons', 50, other.secretKey)
    expect(persons.map((p) => [p.id, p.responseCount])).toEqual([[TARGET, 1]])
    expect(await listAll('/accounts', 'accounts', 50, other.secretKey)).toEqual([])
    expect(await listAll('/persons?accountId=acct-a', 'persons', 50, other.secretKey)).toEqual([])
    expect((await get('/persons/bystander-1', other.secretKey)).status).toBe(404)
    expect((await get('/accounts/acct-a', other.secretKey)).status).toBe(404)
    expect((await send('DELETE', '/persons/bystander-1', other.secretKey)).status).toBe(404)
    expect((await get('/persons/bystander-1')).status).toBe(200)
  })

  it.each([
    ['/persons?limit=0', 'limit'],
    ['/persons?account=acct-a', 'account'],
    ['/persons?accountId=a&accountId=b', 'accountId'],
    [`/persons?cursor=${Buffer.from(JSON.stringify(['accounts', 1, 'a'])).toString('base64url')}`, 'cursor'],
    ['/persons?cursor=%7B%7D', 'cursor'],
    ['/accounts?accountId=acct-a', 'accountId'],
    ['/accounts?limit=many', 'limit'],
  ])('answers 400 naming the parameter for %s', async (path, field) => {
    const response = await get(path)
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as ErrorJson
    expect(error.code).toBe('invalid_query')
    expect(error.issues?.map((issue) => issue.field)).toContain(field)
  })

  /** Rows of acme that still mention the target person or one of their browsers. */
  const leftovers = async () => {
    const project = acme.project.id
    const count = async (table: 'responses' | 'displays' | 'events' | 'person_aliases') => {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', project)
        .where((eb) =>
          eb.or([
            eb('person_id', '=', TARGET),
            eb.and([eb('anonymous_id', 'in', TARGET_ALIASES), eb('person_id', 'is', null)]),
          ]),
        )
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }
    const persons = await database.db
      .selectFrom('persons')
      .select('id')
      .where('project_id', '=', project)
      .where('id', '=', TARGET)
      .execute()
    return {
      persons: persons.length,
      person_aliases: await count('person_aliases'),
      responses: await count('responses'),
      displays: await count('displays'),
      events: await count('events'),
    }
  }

  /** Both rollups' totals must equal what the remaining rows would add up to. */
  const expectRollupsMatchRows = async (projectId: string) => {
    for (const table of ['response_rollups', 'response_day_rollups'] as const) {
      await expectRollupMatchesRows(table, projectId)
    }
  }
  const expectRollupMatchesRows = async (
    table: 'response_rollups' | 'response_day_rollups',
    projectId: string,
  ) => {
    const totals = await database.db
      .selectFrom(table)
      .select((eb) => [
        eb.fn.sum<number>('shown').as('shown'),
        eb.fn.sum<number>('dismissed').as('dismissed'),
        ...SCORE_COLUMNS.map((column) => eb.fn.sum<number>(column).as(column)),
      ])
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow()
    const scores = await database.db
      .selectFrom('responses')
      .select((eb) => ['score', eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', projectId)
      .where('score', 'is not', null)
      .groupBy('score')
      .execute()
    const displays = await database.db
      .selectFrom('displays')
      .select((eb) => [
        eb.fn.countAll<number>().as('shown'),
        eb.fn.count<number>('dismissed_at').as('dismissed'),
      ])
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow()
    const counted = Object.fromEntries(scores.map((row) => [`c${row.score}`, Number(row.n)]))
    for (const column of SCORE_COLUMNS) {
      expect(Number(totals[column] ?? 0), `${table}.${column}`).toBe(counted[column] ?? 0)
    }
    expect(Number(totals.shown), `${table}.shown`).toBe(Number(displays.shown))
    expect(Number(totals.dismissed), `${table}.dismissed`).toBe(Number(displays.dismissed))
  }

  it('erases a person and everything they did, keeping the rollups true', async () => {
    expect(await leftovers()).toEqual({ persons: 1, person_aliases: 2, responses: 3, displays: 2, events: 2 })
    await expectRollupsMatchRows(acme.project.id)

    const response = await send('DELETE', `/persons/${TARGET_PATH}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ erased: { responses: 3, displays: 2, events: 2 } })

    expect(await leftovers()).toEqual({ persons: 0, person_aliases: 0, responses: 0, displays: 0, events: 0 })
    await expectRollupsMatchRows(acme.project.id)
    expect((await get(`/persons/${TARGET_PATH}`)).status).toBe(404)
    expect((await send('DELETE', `/persons/${TARGET_PATH}`)).status).toBe(404)

    // The account and the other person in it keep theirs; so does the other project's namesake.
    const account = (await (await get(`/accounts/${encodeURIComponent('acct one')}`)).json()) as {
      account: AccountJson
    }
    expect(account.account).toMatchObject({ personCount: 1, responseCount: 1 })
    const bystander = (await (await get('/persons/bystander-1')).json()) as { person: PersonJson }
    expect(bystander.person).toMatchObject({
      responseCount: 1,
      eventCount: 1,
      anonymousIds: ['anon_bystander'],
    })
    const borrowed = await database.db
      .selectFrom('responses')
      .select(['person_id', 'anonymous_id'])
      .where('project_id', '=', acme.project.id)
      .where('id', '=', 'resp_borrowed')
      .execute()
    expect(borrowed).toEqual([{ person_id: 'someone-else', anonymous_id: 'anon_target_1' }])
    const namesake = await get(`/persons/${TARGET_PATH}`, other.secretKey)
    expect(((await namesake.json()) as { person: PersonJson }).person).toMatchObject({
      anonymousIds: ['anon_target_1'],
      responseCount: 1,
      eventCount: 1,
    })
    await expectRollupsMatchRows(other.project.id)
  })

  it('erases the answers of a person id that was never identified, and 404s an unknown one', async () => {
    const response = await send('DELETE', `/persons/${encodeURIComponent('ghost user')}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ erased: { responses: 1, displays: 0, events: 0 } })
    await expectRollupsMatchRows(acme.project.id)

    const unknown = await send('DELETE', '/persons/nobody-at-all')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as ErrorJson).error.code).toBe('not_found')
  })
})
