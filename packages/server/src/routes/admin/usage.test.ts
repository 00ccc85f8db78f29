import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'
import { type EventInput, recordEvents } from '../../store/events'
import { catchUpUsage } from '../../store/usage/catch-up'
import { featureRebuildChunkWork } from '../../store/usage/rebuild'

const DAY = 86_400_000
const T = Date.parse('2026-03-02T12:00:00Z') // a Monday

const CATALOGUE = [
  { key: 'reports', label: 'Reports', events: ['report.opened'], plans: ['free', 'pro'] },
  { key: 'export', label: 'Export', pages: [{ prefix: '/export' }], plans: ['pro'] },
  { key: 'alerts', label: 'Alerts', events: ['alert.created'] },
]

/**
 * By hand: ann (acct-a, pro) opens reports on days 0 and 1; bob (acct-b, free) exports on day 1 and opens
 * reports on day 2; cid (acct-b) only clicks on day 2. Over the week of day 0: 3 people and 2 accounts active,
 * reports used by ann and bob (2 of 3 people, both accounts), export by bob (1 of 3, 1 of 2), alerts by none.
 */
const EVENTS: Array<Omit<EventInput, 'anonymousId'>> = [
  { id: 'evt-00001', type: 'track', name: 'report.opened', userId: 'ann', accountId: 'acct-a', at: T },
  { id: 'evt-00002', type: 'track', name: 'report.opened', userId: 'ann', accountId: 'acct-a', at: T + DAY },
  {
    id: 'evt-00003',
    type: 'page',
    name: '',
    url: 'https://app.test/export/csv?x=1',
    userId: 'bob',
    accountId: 'acct-b',
    at: T + DAY,
  },
  {
    id: 'evt-00004',
    type: 'track',
    name: 'report.opened',
    userId: 'bob',
    accountId: 'acct-b',
    at: T + 2 * DAY,
  },
  { id: 'evt-00005', type: 'track', name: 'clicked', userId: 'cid', accountId: 'acct-b', at: T + 2 * DAY },
]
const withAnonymous = (event: Omit<EventInput, 'anonymousId'>): EventInput => ({
  ...event,
  anonymousId: `anon-${event.userId}`,
})

describe.each(dialectCases())('usage analytics routes on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let fresh: TestProject
  let app: ReturnType<typeof testApp>

  const send = (project: TestProject, method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${project.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const usesOf = async (projectId: string) =>
    (
      await database.db
        .selectFrom('feature_usage')
        .select(['feature_key', 'day', 'person_id', 'account_id', 'hours', 'uses', 'last_at'])
        .where('project_id', '=', projectId)
        .orderBy(['feature_key', 'day', 'person_id', 'account_id'])
        .execute()
    ).map((row) => ({
      ...row,
      day: Number(row.day),
      hours: Number(row.hours),
      uses: Number(row.uses),
      last_at: Number(row.last_at),
    }))

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database)
    fresh = await seedProject(database, 'Fresh')
    app = testApp(database)
    // acme gets its events before its catalogue (counted by a rebuild), fresh after (counted as they arrive).
    await recordEvents(database, acme.project.id, EVENTS.slice(0, 3).map(withAnonymous))
    expect((await send(fresh, 'PUT', '/features', { features: CATALOGUE })).status).toBe(200)
    await recordEvents(database, fresh.project.id, EVENTS.map(withAnonymous))
    await catchUpUsage(database, acme.project.id)
    await catchUpUsage(database, fresh.project.id)
    await database.db
      .updateTable('accounts')
      .set({ traits: JSON.stringify({ plan: 'free' }) })
      .where('id', '=', 'acct-b')
      .execute()
  })
  afterAll(() => database?.close())

  it('refuses a bad catalogue, naming the field, and changes nothing', async () => {
    for (const [features, field] of [
      [[{ key: 'Bad Key', label: 'x', events: ['a'] }], 'features.0.key'],
      [[{ key: 'a', label: 'x' }], 'features.0.events'],
      [[{ key: 'a', label: 'x', pages: [{ prefix: 'no-slash' }] }], 'features.0.pages.0.prefix'],
      [[...CATALOGUE, CATALOGUE[0]], 'features.3.key'],
    ] as const) {
      const response = await send(acme, 'PUT', '/features', { features })
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toContain(field)
    }
    expect(await jsonOf(await send(acme, 'GET', '/features'))).toEqual({ features: [], rebuild: null })
  })

  it('counts uses again in a resumable job after a catalogue change, each event once, as if counted on arrival', async () => {
    const put = await jsonOf<{ rebuild: { jobId: string; total: number } | null }>(
      await send(acme, 'PUT', '/features', { features: CATALOGUE }),
    )
    expect(put.rebuild).toMatchObject({ total: 3 })
    const jobId = put.rebuild?.jobId as string
    const chunk = () => database.transact((d) => featureRebuildChunkWork(d, jobId, 2, T))
    expect(await chunk()).toBe('more') // evt-00001 and evt-00002 counted; the cursor is at evt-00002
    // Arriving meanwhile, stored but not yet folded by the usage catch-up: evt-00004 and evt-00005, ahead of the
    // cursor, and evt-00000 (an extra report use by ann), behind it. A batch sent twice changes nothing.
    const behind = {
      id: 'evt-00000',
      type: 'track' as const,
      name: 'report.opened',
      userId: 'ann',
      accountId: 'acct-a',
      at: T + 3_600_000,
    }
    await recordEvents(database, acme.project.id, [...EVENTS.slice(3), behind].map(withAnonymous))
    await recordEvents(database, acme.project.id, [...EVENTS.slice(3), behind].map(withAnonymous))
    // The job counts evt-00003 and passes evt-00004, which the catch-up has not folded yet; the catch-up then
    // counts evt-00004 and evt-00000 (behind the cursor) and leaves evt-00005 (ahead of it) to the job.
    expect(await chunk()).toBe('more')
    expect(await catchUpUsage(database, acme.project.id)).toBe(3)
    expect(await chunk()).toBe('finished')
    expect(await chunk()).toBe('not-running')
    await recordEvents(database, fresh.project.id, [withAnonymous(behind)])
    await catchUpUsage(database, fresh.project.id)
    expect(await usesOf(acme.project.id)).toEqual(await usesOf(fresh.project.id))
    const catalogue = await jsonOf<{ features: Array<{ key: string }>; rebuild: unknown }>(
      await send(acme, 'GET', '/features'),
    )
    expect(catalogue.rebuild).toBeNull()
    expect(catalogue.features.map((f) => f.key)).toEqual(['reports', 'export', 'alerts'])
    // Labels and plans change nothing counted: no rebuild.
    const relabelled = CATALOGUE.map((f) => ({ ...f, label: `${f.label}!` }))
    expect(await jsonOf(await send(acme, 'PUT', '/features', { features: relabelled }))).toMatchObject({
      rebuild: null,
    })
    expect(await usesOf(acme.project.id)).toEqual(await usesOf(fresh.project.id))
  })

  it('gives each feature its users and share of the active, over the range and per period', async () => {
    const query = new URLSearchParams({
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-09T00:00:00Z',
      period: 'week',
      timeZone: 'UTC',
    })
    const { features } = await jsonOf<{
      features: Array<{ key: string; total: Record<string, number | null>; points: unknown[] }>
    }>(await send(fresh, 'GET', `/features/adoption?${query}`))
    expect(features.map((f) => [f.key, f.total])).toEqual([
      ['reports', { people: 2, accounts: 2, peopleShare: 2 / 3, accountsShare: 1 }],
      ['export', { people: 1, accounts: 1, peopleShare: 1 / 3, accountsShare: 1 / 2 }],
      ['alerts', { people: 0, accounts: 0, peopleShare: 0, accountsShare: 0 }],
    ])
    expect(features[0]?.points).toEqual([
      {
        label: '2026-W10',
        start: '2026-03-02T00:00:00.000Z',
        end: '2026-03-09T00:00:00.000Z',
        people: 2,
        accounts: 2,
        peopleShare: 2 / 3,
        accountsShare: 1,
      },
    ])
  })

  it('tells which features an account uses, never tried, and reaches outside its plan', async () => {
    const body = await jsonOf<Record<string, unknown>>(await send(fresh, 'GET', '/accounts/acct-b/features'))
    expect(body).toEqual({
      accountId: 'acct-b',
      plan: 'free',
      features: [
        {
          key: 'reports',
          label: 'Reports',
          uses: 1,
          lastUsedAt: new Date(T + 2 * DAY).toISOString(),
          people: 1,
          inPlan: true,
        },
        {
          key: 'export',
          label: 'Export',
          uses: 1,
          lastUsedAt: new Date(T + DAY).toISOString(),
          people: 1,
          inPlan: false,
        },
        { key: 'alerts', label: 'Alerts', uses: 0, lastUsedAt: null, people: 0, inPlan: true },
      ],
      neverTried: ['alerts'],
      outsidePlan: ['export'],
      rebuilding: false,
    })
    expect((await send(fresh, 'GET', '/accounts/nobody/features')).status).toBe(404)
  })

  it('serves the usage trend, refusing bad parameters by name', async () => {
    for (const [parameter, value] of [
      ['segment', 'plan'],
      ['splitBy', 'survey'],
      ['period', 'year'],
      ['timeZone', 'Mars/Olympus'],
      ['accountId', ''],
    ] as const) {
      const response = await send(fresh, 'GET', `/usage/trend?${new URLSearchParams({ [parameter]: value })}`)
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toEqual([parameter])
    }
    const both = await send(fresh, 'GET', '/usage/trend?accountId=acct-a&segment=plan:pro')
    expect(await fieldsOf(both)).toEqual(['segment'])
    const query = new URLSearchParams({
      from: '2026-03-04T00:00:00Z',
      to: '2026-03-05T00:00:00Z',
      period: 'day',
      timeZone: 'UTC',
    })
    const { points } = await jsonOf<{
      points: Array<{ people: Record<string, unknown>; accounts: Record<string, unknown> }>
    }>(await send(fresh, 'GET', `/usage/trend?${query}`))
    // Day 2 (Mar 4): bob and cid; the week and the month add ann.
    expect(points.map((p) => [p.people.dau, p.people.wau, p.people.mau, p.accounts.mau])).toEqual([
      [2, 3, 3, 2],
    ])
  })

  it('says how many stored events the figures do not hold yet, and holds them once caught up', async () => {
    const query = new URLSearchParams({
      from: '2026-03-04T00:00:00Z',
      to: '2026-03-05T00:00:00Z',
      period: 'day',
      timeZone: 'UTC',
    })
    const trend = async () =>
      jsonOf<{ lagEvents: number; points: Array<{ people: { dau: number } }> }>(
        await send(fresh, 'GET', `/usage/trend?${query}`),
      )
    const adoptionLag = async () =>
      (await jsonOf<{ lagEvents: number }>(await send(fresh, 'GET', `/features/adoption?${query}`))).lagEvents
    expect(await trend()).toMatchObject({ lagEvents: 0, points: [{ people: { dau: 2 } }] })
    await recordEvents(database, fresh.project.id, [
      withAnonymous({
        id: 'evt-late',
        type: 'track',
        name: 'clicked',
        userId: 'dee',
        at: Date.parse('2026-03-04T12:00:00Z'),
      }),
    ])
    expect(await trend()).toMatchObject({ lagEvents: 1, points: [{ people: { dau: 2 } }] })
    expect(await adoptionLag()).toBe(1)
    await catchUpUsage(database, fresh.project.id)
    expect(await trend()).toMatchObject({ lagEvents: 0, points: [{ people: { dau: 3 } }] })
    expect(await adoptionLag()).toBe(0)
  })
})
