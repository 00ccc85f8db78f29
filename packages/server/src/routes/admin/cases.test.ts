import type { SurveyKind } from '@heed/shared/scores/scales'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, post, seedProject, type TestProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { developmentDestinations } from '../../../test-support/webhook-destinations'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'

interface CaseJson {
  id: string
  responseId: string
  surveyId: string
  personId: string | null
  accountId: string | null
  owner: string | null
  status: string
  rootCause: string | null
  tags: string[]
  dueAt: string
  firstContactAt: string | null
  resolvedAt: string | null
  createdAt: string
  updatedAt: string
  overdue: boolean
  response: { score: number | null; bucket: string | null; comment: string | null; sentiment: string | null }
}

interface HistoryJson {
  at: string
  by: string
  field: string
  from: unknown
  to: unknown
}

interface DetailJson {
  case: CaseJson
  history: HistoryJson[]
  notes: { id: string; author: string; text: string; createdAt: string }[]
}

const HOUR = 3_600_000
/** The server's clock in these tests; answers are sent a little before it. */
const T0 = Date.UTC(2026, 0, 5, 9)
const iso = (time: number) => new Date(time).toISOString()

interface Answer {
  id: string
  kind?: SurveyKind
  score?: number
  comment?: string
  userId?: string
  accountId?: string
  at?: number
}

describe.each(dialectCases())('follow-up cases on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof createApp>
  let clock = T0
  let seeded = 0

  const newProject = () => seedProject(database, `Project ${++seeded}`)

  const ingest = async (project: TestProject, path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${project.project.publicKey}`, post(body))
    expect(response.status, await response.clone().text()).toBeLessThan(300)
  }

  const answer = (project: TestProject, { id, kind = 'nps', at = clock - HOUR, ...rest }: Answer) =>
    ingest(project, '/responses', {
      id,
      surveyId: project.surveys[kind],
      anonymousId: `anon-${rest.userId ?? id}`,
      ...rest,
      timestamp: iso(at),
    })

  const identify = (project: TestProject, userId: string, account: { id: string; traits?: object }) =>
    ingest(project, '/identify', { anonymousId: `anon-${userId}`, userId, account })

  const admin = (
    project: TestProject,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${project.secretKey}`,
        'content-type': 'application/json',
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  const list = async (project: TestProject, query = '') => {
    const response = await admin(project, 'GET', `/cases?limit=500${query === '' ? '' : `&${query}`}`)
    expect(response.status, await response.clone().text()).toBe(200)
    return (await jsonOf<{ cases: CaseJson[]; nextCursor: string | null }>(response)).cases
  }

  const caseOf = async (project: TestProject, responseId: string) => {
    const found = (await list(project)).find((c) => c.responseId === responseId)
    if (!found) throw new Error(`no case for ${responseId}`)
    return found
  }

  const detail = async (project: TestProject, caseId: string) => {
    const response = await admin(project, 'GET', `/cases/${caseId}`)
    expect(response.status).toBe(200)
    return jsonOf<DetailJson>(response)
  }

  const patch = (project: TestProject, caseId: string, body: object, headers?: Record<string, string>) =>
    admin(project, 'PATCH', `/cases/${caseId}`, body, headers)

  const addMember = async (project: TestProject, email: string, active = true) => {
    const response = await admin(project, 'PUT', `/team/${email}`, { name: email.split('@')[0], active })
    expect(response.status).toBeLessThan(300)
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { ingest: 100_000, admin: 100_000 },
      now: () => clock,
      webhookDestinations: developmentDestinations(),
    })
  })
  afterAll(() => database.close())

  it("opens a case for each detractor, owned by the account's owner and due after the project's SLA", async () => {
    const p = await newProject()
    await identify(p, 'user-dana-1', { id: 'acct-globex', traits: { owner: ' Dana@Acme.test ' } })
    await answer(p, {
      id: 'resp-nps-3',
      score: 3,
      comment: 'Too slow',
      userId: 'user-dana-1',
      at: T0 - 2 * HOUR,
    })

    const opened = await caseOf(p, 'resp-nps-3')
    expect(opened).toMatchObject({
      surveyId: p.surveys.nps,
      personId: 'user-dana-1',
      accountId: 'acct-globex',
      owner: 'dana@acme.test',
      status: 'open',
      rootCause: null,
      tags: [],
      createdAt: iso(T0 - 2 * HOUR),
      dueAt: iso(T0 + 46 * HOUR),
      firstContactAt: null,
      resolvedAt: null,
      overdue: false,
      response: { score: 3, bucket: 'detractor', comment: 'Too slow' },
    })
    const { history, notes } = await detail(p, opened.id)
    expect(notes).toEqual([])
    expect(history).toEqual([
      { at: iso(T0 - 2 * HOUR), by: 'system', field: 'owner', from: null, to: 'dana@acme.test' },
      { at: iso(T0 - 2 * HOUR), by: 'system', field: 'status', from: null, to: 'open' },
    ])

    // The SLA applies to cases opened after it changes; every kind's detractors open cases.
    const sla = await admin(p, 'PATCH', '/project', { followUpSlaHours: 4 })
    expect(sla.status).toBe(200)
    expect((await jsonOf<{ project: { followUpSlaHours: number } }>(sla)).project.followUpSlaHours).toBe(4)
    await answer(p, { id: 'resp-csat-2', kind: 'csat', score: 2, at: T0 - 3 * HOUR })
    await answer(p, { id: 'resp-ces-3', kind: 'ces', score: 3, at: T0 - 3 * HOUR })
    for (const id of ['resp-csat-2', 'resp-ces-3']) {
      expect(await caseOf(p, id)).toMatchObject({ dueAt: iso(T0 + HOUR), owner: null, overdue: false })
    }
    expect((await caseOf(p, 'resp-nps-3')).dueAt).toBe(iso(T0 + 46 * HOUR))
  })

  it('refuses an SLA outside 1 to 720 hours', async () => {
    const p = await newProject()
    for (const followUpSlaHours of [0, 721, 1.5, '48']) {
      const response = await admin(p, 'PATCH', '/project', { followUpSlaHours })
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toEqual(['followUpSlaHours'])
    }
  })

  it('opens no case for passives, promoters and comments without a score', async () => {
    const p = await newProject()
    const answers: Answer[] = [
      { id: 'resp-nps-7', score: 7 },
      { id: 'resp-nps-10', score: 10 },
      { id: 'resp-csat-3', kind: 'csat', score: 3 },
      { id: 'resp-ces-4', kind: 'ces', score: 4 },
      { id: 'resp-comment', comment: 'Just a thought' },
    ]
    for (const given of answers) await answer(p, given)
    expect(await list(p)).toEqual([])
  })

  it('deals unowned cases out in turn among the active team members, and leaves them unassigned without a team', async () => {
    const p = await newProject()
    await answer(p, { id: 'resp-nobody', score: 0 })
    expect((await caseOf(p, 'resp-nobody')).owner).toBeNull()

    for (const email of ['ann@acme.test', 'bob@acme.test', 'cat@acme.test']) await addMember(p, email)
    const ownersOf = async (ids: string[]) => {
      const owners: (string | null)[] = []
      for (const id of ids) {
        await answer(p, { id, score: 5 })
        owners.push((await caseOf(p, id)).owner)
      }
      return owners
    }
    expect(await ownersOf(['resp-rr-1', 'resp-rr-2', 'resp-rr-3', 'resp-rr-4'])).toEqual([
      'ann@acme.test',
      'bob@acme.test',
      'cat@acme.test',
      'ann@acme.test',
    ])
    await addMember(p, 'bob@acme.test', false)
    expect(await ownersOf(['resp-rr-5', 'resp-rr-6'])).toEqual(['cat@acme.test', 'ann@acme.test'])
    // A newcomer is next, then takes turns with the others.
    await addMember(p, 'dee@acme.test')
    expect(await ownersOf(['resp-rr-7', 'resp-rr-8'])).toEqual(['dee@acme.test', 'cat@acme.test'])
  })

  it('gives concurrent detractors to different members', async () => {
    const p = await newProject()
    const team = ['ann@acme.test', 'bob@acme.test', 'cat@acme.test', 'dee@acme.test']
    for (const email of team) await addMember(p, email)
    const ids = Array.from({ length: 8 }, (_, i) => `resp-burst-${i}`)
    await Promise.all(ids.map((id) => answer(p, { id, score: 1 })))
    const owners = (await list(p)).map((c) => c.owner)
    expect(owners).toHaveLength(8)
    for (const email of team) expect(owners.filter((owner) => owner === email)).toHaveLength(2)
  })

  it('opens one case per response whatever the retries, and notes later score changes in its history', async () => {
    const p = await newProject()
    await answer(p, { id: 'resp-retry', score: 2 })
    await answer(p, { id: 'resp-retry', score: 2 })
    await answer(p, { id: 'resp-retry', comment: 'Support never answers' })
    expect(await list(p)).toHaveLength(1)

    clock = T0 + HOUR
    await answer(p, { id: 'resp-retry', score: 8, at: T0 + HOUR })
    await answer(p, { id: 'resp-retry', score: 4, at: T0 + HOUR })
    const [kept] = await list(p)
    expect(kept).toMatchObject({ responseId: 'resp-retry', status: 'open', response: { score: 4 } })
    const scores = (await detail(p, kept?.id ?? '')).history.filter((entry) => entry.field === 'score')
    expect(scores).toEqual([
      { at: iso(T0 + HOUR), by: 'system', field: 'score', from: 2, to: 8 },
      { at: iso(T0 + HOUR), by: 'system', field: 'score', from: 8, to: 4 },
    ])

    // A passive who changes their answer to a detractor's gets a case then.
    await answer(p, { id: 'resp-later', score: 8, at: T0 })
    expect(await list(p)).toHaveLength(1)
    await answer(p, { id: 'resp-later', score: 6, at: T0 + HOUR })
    expect((await caseOf(p, 'resp-later')).createdAt).toBe(iso(T0 + HOUR))
    clock = T0
  })

  it('moves through open, contacted and resolved, resolving only with a root cause, and records who did what', async () => {
    const p = await newProject()
    await addMember(p, 'ann@acme.test')
    await answer(p, { id: 'resp-flow', score: 4 })
    const { id } = await caseOf(p, 'resp-flow')
    const by = { 'X-Heed-Actor': 'Ann Smith' }

    const anonymous = await patch(p, id, { status: 'contacted' })
    expect(anonymous.status).toBe(400)
    expect(await fieldsOf(anonymous)).toEqual(['by'])

    clock = T0 + 2 * HOUR
    const contacted = await patch(p, id, { status: 'contacted' }, by)
    expect(contacted.status).toBe(200)
    expect((await jsonOf<{ case: CaseJson }>(contacted)).case).toMatchObject({
      status: 'contacted',
      firstContactAt: iso(T0 + 2 * HOUR),
      resolvedAt: null,
    })

    const back = await patch(p, id, { status: 'open', by: 'Ann' })
    expect(back.status).toBe(409)
    expect(await fieldsOf(back)).toEqual(['status'])

    const withoutCause = await patch(p, id, { status: 'resolved', by: 'Ann' })
    expect(withoutCause.status).toBe(400)
    expect(await fieldsOf(withoutCause)).toEqual(['rootCause'])

    const unknownCause = await patch(p, id, { rootCause: 'weather', by: 'Ann' })
    expect(unknownCause.status).toBe(400)
    expect(await fieldsOf(unknownCause)).toEqual(['rootCause'])
    const unknownTag = await patch(p, id, { tags: ['pricing', 'weather'], by: 'Ann' })
    expect(unknownTag.status).toBe(400)
    expect(await fieldsOf(unknownTag)).toEqual(['tags.1'])
    const stranger = await patch(p, id, { owner: 'zed@acme.test', by: 'Ann' })
    expect(stranger.status).toBe(400)
    expect(await fieldsOf(stranger)).toEqual(['owner'])

    clock = T0 + 5 * HOUR
    const resolved = await patch(p, id, {
      status: 'resolved',
      rootCause: 'pricing',
      tags: ['support', 'support', 'onboarding'],
      owner: 'ANN@acme.test',
      by: 'Ann',
    })
    expect(resolved.status).toBe(200)
    expect((await jsonOf<{ case: CaseJson }>(resolved)).case).toMatchObject({
      status: 'resolved',
      rootCause: 'pricing',
      tags: ['support', 'onboarding'],
      owner: 'ann@acme.test',
      firstContactAt: iso(T0 + 2 * HOUR),
      resolvedAt: iso(T0 + 5 * HOUR),
    })

    const clearCause = await patch(p, id, { rootCause: null, by: 'Ann' })
    expect(clearCause.status).toBe(400)
    expect(await fieldsOf(clearCause)).toEqual(['rootCause'])

    // The same values again change nothing and add no history.
    expect((await patch(p, id, { status: 'resolved', rootCause: 'pricing', by: 'Ann' })).status).toBe(200)

    clock = T0 + 6 * HOUR
    const reopened = await patch(p, id, { status: 'open', owner: null, by: 'Bob' })
    expect((await jsonOf<{ case: CaseJson }>(reopened)).case).toMatchObject({
      status: 'open',
      owner: null,
      firstContactAt: iso(T0 + 2 * HOUR),
      resolvedAt: null,
    })

    const { history } = await detail(p, id)
    expect(history.slice(2)).toEqual([
      { at: iso(T0 + 2 * HOUR), by: 'Ann Smith', field: 'status', from: 'open', to: 'contacted' },
      { at: iso(T0 + 5 * HOUR), by: 'Ann', field: 'rootCause', from: null, to: 'pricing' },
      { at: iso(T0 + 5 * HOUR), by: 'Ann', field: 'status', from: 'contacted', to: 'resolved' },
      { at: iso(T0 + 5 * HOUR), by: 'Ann', field: 'tags', from: [], to: ['support', 'onboarding'] },
      { at: iso(T0 + 6 * HOUR), by: 'Bob', field: 'owner', from: 'ann@acme.test', to: null },
      { at: iso(T0 + 6 * HOUR), by: 'Bob', field: 'status', from: 'resolved', to: 'open' },
    ])
    clock = T0
  })

  it('counts a direct resolution as the first contact, and closing as won’t fix as none', async () => {
    const p = await newProject()
    await answer(p, { id: 'resp-direct', score: 4 })
    await answer(p, { id: 'resp-wontfix', score: 4 })
    const direct = await caseOf(p, 'resp-direct')
    const wontFix = await caseOf(p, 'resp-wontfix')
    clock = T0 + HOUR
    const resolved = await patch(p, direct.id, { status: 'resolved', rootCause: 'support', by: 'Ann' })
    expect((await jsonOf<{ case: CaseJson }>(resolved)).case).toMatchObject({
      firstContactAt: iso(T0 + HOUR),
      resolvedAt: iso(T0 + HOUR),
    })
    const closed = await patch(p, wontFix.id, { status: 'wont_fix', by: 'Ann' })
    expect((await jsonOf<{ case: CaseJson }>(closed)).case).toMatchObject({
      status: 'wont_fix',
      firstContactAt: null,
      resolvedAt: iso(T0 + HOUR),
    })
    clock = T0
  })

  it('refuses bodies that change nothing or name unknown fields', async () => {
    const p = await newProject()
    await answer(p, { id: 'resp-bodies', score: 4 })
    const { id } = await caseOf(p, 'resp-bodies')
    const cases: [object, string[]][] = [
      [{ by: 'Ann' }, ['body']],
      [{ status: 'closed', by: 'Ann' }, ['status']],
      [{ priority: 'high', status: 'contacted', by: 'Ann' }, ['priority']],
      [{ owner: 'not an e-mail', by: 'Ann' }, ['owner']],
      [{ status: 'contacted', by: '' }, ['by']],
    ]
    for (const [body, fields] of cases) {
      const response = await patch(p, id, body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(await fieldsOf(response)).toEqual(fields)
    }
    expect((await admin(p, 'PATCH', '/cases/case_nope', { status: 'contacted', by: 'A' })).status).toBe(404)
    expect((await admin(p, 'GET', '/cases/case_nope')).status).toBe(404)
  })

  it('keeps notes with their author, in order', async () => {
    const p = await newProject()
    await answer(p, { id: 'resp-notes', score: 4 })
    const { id } = await caseOf(p, 'resp-notes')
    clock = T0 + HOUR
    const first = await admin(p, 'POST', `/cases/${id}/notes`, { text: ' Called, no answer. ', by: 'Ann' })
    expect(first.status).toBe(201)
    expect((await jsonOf<{ note: object }>(first)).note).toMatchObject({
      author: 'Ann',
      text: 'Called, no answer.',
      createdAt: iso(T0 + HOUR),
    })
    clock = T0 + 2 * HOUR
    const second = await admin(
      p,
      'POST',
      `/cases/${id}/notes`,
      { text: 'Left a voicemail' },
      {
        'X-Heed-Actor': 'Bob',
      },
    )
    expect(second.status).toBe(201)
    for (const [body, field] of [
      [{ text: '   ', by: 'Ann' }, 'text'],
      [{ text: 'x'.repeat(5001), by: 'Ann' }, 'text'],
      [{ text: 'Who wrote this?' }, 'by'],
    ] as const) {
      const refused = await admin(p, 'POST', `/cases/${id}/notes`, body)
      expect(refused.status).toBe(400)
      expect(await fieldsOf(refused)).toEqual([field])
    }
    const { notes, case: updated } = await detail(p, id)
    expect(notes.map(({ author, text }) => ({ author, text }))).toEqual([
      { author: 'Ann', text: 'Called, no answer.' },
      { author: 'Bob', text: 'Left a voicemail' },
    ])
    expect(updated.updatedAt).toBe(iso(T0 + 2 * HOUR))
    clock = T0
  })

  it('updates many cases at once, all or none, naming the case that cannot take the change', async () => {
    const p = await newProject()
    await addMember(p, 'ann@acme.test')
    const ids: string[] = []
    for (const responseId of ['resp-bulk-1', 'resp-bulk-2', 'resp-bulk-3']) {
      await answer(p, { id: responseId, score: 2 })
      ids.push((await caseOf(p, responseId)).id)
    }
    const [one = '', two = '', three = ''] = ids
    expect((await patch(p, two, { status: 'resolved', rootCause: 'pricing', by: 'Ann' })).status).toBe(200)
    const before = await list(p)
    const historyBefore = await Promise.all(ids.map(async (id) => (await detail(p, id)).history))
    const bulk = (body: object) => admin(p, 'POST', '/cases/bulk', body)
    const other = await newProject()
    await answer(other, { id: 'resp-bulk-other', score: 2 })
    const othersCase = (await caseOf(other, 'resp-bulk-other')).id

    const refusals: [object, string][] = [
      [{ ids: [one, 'case_missing', three], changes: { status: 'contacted' }, by: 'Ann' }, 'ids.1'],
      [{ ids: [one, othersCase], changes: { status: 'contacted' }, by: 'Ann' }, 'ids.1'],
      [{ ids: [one, two, three], changes: { status: 'contacted' }, by: 'Ann' }, 'ids.1'],
      [{ ids: [two, one], changes: { status: 'resolved' }, by: 'Ann' }, 'ids.1'],
      [{ ids: [one, one], changes: { status: 'contacted' }, by: 'Ann' }, 'ids.1'],
      [{ ids: [one], changes: { owner: 'zed@acme.test' }, by: 'Ann' }, 'changes.owner'],
      [{ ids: [one], changes: { rootCause: 'weather' }, by: 'Ann' }, 'changes.rootCause'],
      [{ ids: [one], changes: {}, by: 'Ann' }, 'changes'],
      [{ ids: [one], changes: { status: 'contacted' } }, 'by'],
      [{ ids: [], changes: { status: 'contacted' }, by: 'Ann' }, 'ids'],
      [
        {
          ids: Array.from({ length: 501 }, (_, i) => `case_${i}`),
          changes: { status: 'contacted' },
          by: 'A',
        },
        'ids',
      ],
    ]
    for (const [body, field] of refusals) {
      const response = await bulk(body)
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
    expect(await list(p)).toEqual(before)
    expect(await Promise.all(ids.map(async (id) => (await detail(p, id)).history))).toEqual(historyBefore)

    clock = T0 + HOUR
    const done = await bulk({
      ids: [three, one],
      changes: { status: 'contacted', owner: 'ann@acme.test', tags: ['support'] },
      by: 'Ann',
    })
    expect(done.status).toBe(200)
    const { cases } = await jsonOf<{ cases: CaseJson[] }>(done)
    expect(cases.map((c) => [c.id, c.status, c.owner, c.tags, c.firstContactAt])).toEqual([
      [three, 'contacted', 'ann@acme.test', ['support'], iso(T0 + HOUR)],
      [one, 'contacted', 'ann@acme.test', ['support'], iso(T0 + HOUR)],
    ])
    expect((await detail(p, two)).case.status).toBe('resolved')
    clock = T0
  })

  it('tells subscribed webhooks about every change, in the transaction of the change', async () => {
    const p = await newProject()
    const created = await admin(p, 'POST', '/webhooks', {
      url: 'http://localhost:9/heed',
      events: ['case.updated'],
    })
    expect(created.status).toBe(201)
    await answer(p, { id: 'resp-hook-1', score: 2 })
    await answer(p, { id: 'resp-hook-2', score: 2 })
    const one = await caseOf(p, 'resp-hook-1')
    const two = await caseOf(p, 'resp-hook-2')
    const events = async () => {
      const rows = await database.db
        .selectFrom('webhook_outbox')
        .select(['event_type', 'response_id', 'payload'])
        .where('project_id', '=', p.project.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> }))
    }
    expect(await events()).toEqual([])

    // One step a minute, so the events' order is their creation order.
    const steps: (() => Response | Promise<Response>)[] = [
      () => patch(p, one.id, { status: 'contacted', by: 'Ann' }),
      () => admin(p, 'POST', `/cases/${one.id}/notes`, { text: 'Spoke to them', by: 'Ann' }),
      // Refused, and then changing nothing: no events.
      () =>
        admin(p, 'POST', '/cases/bulk', { ids: [one.id, two.id], changes: { status: 'open' }, by: 'Bob' }),
      () => patch(p, one.id, { status: 'contacted', by: 'Ann' }),
      () => admin(p, 'POST', '/cases/bulk', { ids: [two.id], changes: { tags: ['pricing'] }, by: 'Bob' }),
    ]
    for (const [index, step] of steps.entries()) {
      clock = T0 + index * 60_000
      await step()
    }
    clock = T0

    const sent = await events()
    expect(sent.map((event) => [event.event_type, event.response_id])).toEqual([
      ['case.updated', 'resp-hook-1'],
      ['case.updated', 'resp-hook-1'],
      ['case.updated', 'resp-hook-2'],
    ])
    expect(sent[0]?.payload).toMatchObject({
      id: one.id,
      responseId: 'resp-hook-1',
      status: 'contacted',
      by: 'Ann',
      changes: [{ field: 'status', from: 'open', to: 'contacted' }],
    })
    expect(sent[1]?.payload).toMatchObject({ id: one.id, by: 'Ann', note: { text: 'Spoke to them' } })
    expect(sent[2]?.payload).toMatchObject({
      id: two.id,
      by: 'Bob',
      changes: [{ field: 'tags', from: [], to: ['pricing'] }],
    })
  })

  it('filters the queue, soonest due first, a page at a time', async () => {
    const p = await newProject()
    await addMember(p, 'ann@acme.test')
    await addMember(p, 'bob@acme.test')
    await identify(p, 'user-filter-1', { id: 'acct-initech' })
    // Answered an hour apart: due 48 hours after each.
    const specs: Answer[] = [
      { id: 'resp-f-1', score: 1, at: T0 - 50 * HOUR, userId: 'user-filter-1' },
      { id: 'resp-f-2', score: 2, at: T0 - 49 * HOUR },
      { id: 'resp-f-3', kind: 'csat', score: 1, at: T0 - 3 * HOUR },
      { id: 'resp-f-4', score: 6, at: T0 - 2 * HOUR, userId: 'user-filter-1' },
      { id: 'resp-f-5', kind: 'ces', score: 2, at: T0 - 1 * HOUR },
    ]
    for (const spec of specs) await answer(p, spec)
    const idOf = async (responseId: string) => (await caseOf(p, responseId)).id
    const [c1, c2, c3, c4, c5] = await Promise.all(specs.map((spec) => idOf(spec.id)))
    // Owners went ann, bob, ann, bob, ann; now: one contacted, one resolved, one unassigned.
    await patch(p, c2 ?? '', { status: 'contacted', by: 'Ann' })
    await patch(p, c3 ?? '', { status: 'resolved', rootCause: 'support', by: 'Ann' })
    await patch(p, c5 ?? '', { owner: null, rootCause: 'pricing', by: 'Ann' })
    // People's corrections set the sentiment whatever the tagger found.
    for (const [responseId, sentiment] of [
      ['resp-f-1', 'negative'],
      ['resp-f-4', 'neutral'],
    ]) {
      const corrected = await admin(p, 'PUT', `/responses/${responseId}/tags`, { sentiment, by: 'Ann' })
      expect(corrected.status).toBe(200)
    }

    const ids = async (query: string) => (await list(p, query)).map((c) => c.id)
    expect(await ids('')).toEqual([c1, c2, c3, c4, c5])
    expect(await ids('status=open')).toEqual([c1, c4, c5])
    expect(await ids('status=open&status=contacted')).toEqual([c1, c2, c4, c5])
    expect(await ids('status=contacted,resolved')).toEqual([c2, c3])
    expect(await ids('owner=ann%40acme.test')).toEqual([c1, c3])
    expect(await ids('owner=BOB@acme.test')).toEqual([c2, c4])
    expect(await ids('owner=none')).toEqual([c5])
    expect(await ids('rootCause=pricing')).toEqual([c5])
    expect(await ids(`surveyId=${p.surveys.nps}`)).toEqual([c1, c2, c4])
    expect(await ids('accountId=acct-initech')).toEqual([c1, c4])
    expect(await ids('sentiment=negative')).toEqual([c1])
    expect(await ids('sentiment=negative,neutral')).toEqual([c1, c4])
    expect(await ids(`from=${iso(T0 - 49 * HOUR)}&to=${iso(T0 - HOUR)}`)).toEqual([c2, c3, c4])

    // At T0 the first two are past due; the second was contacted but is not closed, so it counts.
    expect(await ids('overdue=true')).toEqual([c1, c2])
    expect(await ids('overdue=false')).toEqual([c3, c4, c5])
    clock = T0 + 48 * HOUR
    expect(await ids('overdue=true')).toEqual([c1, c2, c4, c5])
    expect(await ids('overdue=true&status=open')).toEqual([c1, c4, c5])
    expect((await list(p, 'overdue=true')).every((c) => c.overdue)).toBe(true)
    clock = T0

    const pages: string[][] = []
    let cursor: string | null = null
    do {
      const query = `limit=2${cursor === null ? '' : `&cursor=${cursor}`}`
      const response = await admin(p, 'GET', `/cases?${query}`)
      const page = await jsonOf<{ cases: CaseJson[]; nextCursor: string | null }>(response)
      pages.push(page.cases.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(pages).toEqual([[c1, c2], [c3, c4], [c5]])

    for (const [query, field] of [
      ['status=closed', 'status'],
      ['owner=someone', 'owner'],
      ['overdue=yes', 'overdue'],
      ['rootCause=weather', 'rootCause'],
      ['sentiment=angry', 'sentiment'],
      ['priority=high', 'priority'],
      ['cursor=abc', 'cursor'],
      [`from=${iso(T0)}&to=${iso(T0 - HOUR)}`, 'to'],
    ]) {
      const response = await admin(p, 'GET', `/cases?${query}`)
      expect(response.status, query).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
  })

  it("erases a person's cases with their history and notes", async () => {
    const p = await newProject()
    await identify(p, 'user-erase-1', { id: 'acct-erase' })
    await answer(p, { id: 'resp-erase-1', score: 1, userId: 'user-erase-1' })
    await answer(p, { id: 'resp-keep-1', score: 1 })
    const { id } = await caseOf(p, 'resp-erase-1')
    await admin(p, 'POST', `/cases/${id}/notes`, { text: 'Their phone number is …', by: 'Ann' })
    expect((await admin(p, 'DELETE', '/persons/user-erase-1')).status).toBe(200)
    expect((await list(p)).map((c) => c.responseId)).toEqual(['resp-keep-1'])
    for (const table of ['case_events', 'case_notes'] as const) {
      const rows = await database.db.selectFrom(table).select('case_id').where('case_id', '=', id).execute()
      expect(rows, table).toEqual([])
    }
  })

  it("lets another project's key neither see nor change a case", async () => {
    const p = await newProject()
    const intruder = await newProject()
    await answer(p, { id: 'resp-private', score: 1, comment: 'Private matter' })
    const { id } = await caseOf(p, 'resp-private')
    const before = await detail(p, id)

    expect((await admin(intruder, 'GET', `/cases/${id}`)).status).toBe(404)
    expect((await admin(intruder, 'PATCH', `/cases/${id}`, { status: 'contacted', by: 'X' })).status).toBe(
      404,
    )
    expect((await admin(intruder, 'PATCH', `/cases/${id}`, { nonsense: true })).status).toBe(404)
    expect((await admin(intruder, 'POST', `/cases/${id}/notes`, { text: 'Hi', by: 'X' })).status).toBe(404)
    const bulk = await admin(intruder, 'POST', '/cases/bulk', {
      ids: [id],
      changes: { status: 'contacted' },
      by: 'X',
    })
    expect(bulk.status).toBe(400)
    expect(await fieldsOf(bulk)).toEqual(['ids.0'])
    expect(await list(intruder)).toEqual([])
    expect(await detail(p, id)).toEqual(before)
  })
})
