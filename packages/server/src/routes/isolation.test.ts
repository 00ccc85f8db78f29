import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_HEALTH_MODEL } from '@heed/shared/health/model'
import { DEFAULT_LIFECYCLE_RULES } from '@heed/shared/lifecycle/rules'
import { sql } from 'kysely'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { post, seedProject, surveyDefinition, type TestProject, testApp } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import { developmentDestinations } from '../../test-support/webhook-destinations'
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver'
import type { HeedDatabase } from '../db/open'
import { createLogger } from '../logger'
import { putCatalogue } from '../store/usage/catalogue'
import { catchUpUsage } from '../store/usage/catch-up'
import { startWebhookDispatcher } from '../webhooks/dispatcher'
import { type Auth, OPERATIONS, type Operation } from './openapi/operations'

// Every route the app serves (OPERATIONS, which document.test.ts keeps equal to the served routes) is called
// by project B with ids of project A, and must neither show nor change anything of A. A route added later
// fails here until CALLS says how to call it.

const PERSON = 'person-of-a@example.com'
const ACCOUNT = 'account-of-a'
const ANONYMOUS = 'anon-of-project-a'
const EVENT = 'event-of-project-a'
/** B's own account, given to A's person id: an identify that reached A's person would move it there. */
const OTHER_ACCOUNT = 'account-of-b'
/** A's customer-success person, who gets A's follow-up cases. */
const TEAM_MEMBER = 'cs-of-a@example.com'
/** A theme of A's own taxonomy, by key, and its label, which only A's answers may show. */
const THEME_KEY = 'exports'
const THEME_LABEL = 'Exports of project A'

/** Project A with data in every table, and every id B could try to reach it with. */
interface ProjectA extends TestProject {
  /** Both of A's secret keys; each must still work after every call of B. */
  secretKeys: string[]
  keyIds: string[]
  responseIds: string[]
  displayIds: string[]
  webhookId: string
  webhookSecret: string
  /** An alert of A's webhook, delivered. */
  webhookEventId: string
  caseId: string
  /** The re-tag A's own theme started. */
  jobId: string
  /** A person of A who signed in (a session), and one invited who has not (a set-password token). */
  userEmails: string[]
  /** The endpoint secret of A's Stripe webhook. */
  stripeSecret: string
}

/** The id of A that B puts in a path, by the path segment before the parameter (`/surveys/:id`). */
const A_ID_AFTER: Record<string, (a: ProjectA) => string> = {
  surveys: (a) => a.surveys.nps,
  responses: (a) => a.responseIds[0] ?? '',
  persons: () => PERSON,
  accounts: () => ACCOUNT,
  keys: (a) => a.keyIds[1] ?? '',
  webhooks: (a) => a.webhookId,
  events: (a) => a.webhookEventId,
  cases: (a) => a.caseId,
  team: () => TEAM_MEMBER,
  themes: () => THEME_KEY,
  jobs: (a) => a.jobId,
  // A month, not an id: B's costs for it are B's own.
  costs: () => '2026-01',
  monthly: () => '2026-01',
  // Not an id of A: the widget's files are the same for every caller.
  widget: () => 'heed.js',
  stripe: (a) => a.project.id,
  // A kind of export, not an id: B's export holds B's rows.
  exports: () => 'responses',
}

// Only the official client's signing helper is used: nothing calls Stripe with this dummy key.
const stripe = new Stripe('sk_test_dummy_never_used')

/** A Stripe subscription event for A's account, as `stripe trigger` would send it. */
const stripeEvent = (id: string) => ({
  id,
  object: 'event',
  type: 'customer.subscription.created',
  created: Date.UTC(2026, 0, 20) / 1000,
  data: {
    object: {
      id: 'sub_of_a',
      customer: { id: 'cus_of_a', metadata: { heed_account_id: ACCOUNT } },
      status: 'active',
      currency: 'usd',
      items: { data: [{ quantity: 1, price: { unit_amount: 4_900, recurring: { interval: 'month' } } }] },
    },
  },
})

/** What B must never see in an answer: every id and key of A's. */
const secretsOf = (a: ProjectA): string[] => [
  a.project.id,
  a.project.publicKey,
  ...a.secretKeys,
  ...a.keyIds,
  ...Object.values(a.surveys),
  ...a.responseIds,
  ...a.displayIds,
  a.webhookId,
  a.webhookSecret,
  a.webhookEventId,
  a.caseId,
  a.jobId,
  ...a.userEmails,
  a.stripeSecret,
  THEME_LABEL,
  PERSON,
  ACCOUNT,
  ANONYMOUS,
  EVENT,
]

interface Call {
  query?: Record<string, string>
  /** A valid body for the operation's schema; ids in it are A's wherever the body can name one. */
  body?: unknown
  /** Refused as bad input naming this field, as a B's own unknown id would be, when the body names A's ids. */
  refusedAs?: { status: number; field: string }
  /** The path names something B creates in its own project by a natural key (PUT), not an id of A's. */
  createsOwn?: true
}

const now = () => new Date().toISOString()

/** How B calls each operation, keyed by `method path` as in OPERATIONS. */
const CALLS: Record<string, (a: ProjectA) => Call> = {
  'get /health': () => ({}),
  'get /openapi.json': () => ({}),
  'get /widget/:file': () => ({}),

  'get /ingest/v1/config': () => ({}),
  'post /ingest/v1/displays': (a) => ({
    body: { id: a.displayIds[0], surveyId: a.surveys.nps, anonymousId: ANONYMOUS, event: 'dismissed' },
  }),
  'post /ingest/v1/responses': (a) => ({
    body: { id: a.responseIds[0], surveyId: a.surveys.nps, anonymousId: ANONYMOUS, score: 10 },
  }),
  'post /ingest/v1/events': () => ({
    body: {
      events: [
        {
          id: EVENT,
          name: 'exported',
          anonymousId: ANONYMOUS,
          userId: PERSON,
          accountId: ACCOUNT,
          timestamp: now(),
        },
      ],
    },
  }),
  'post /ingest/v1/identify': () => ({
    body: {
      anonymousId: ANONYMOUS,
      userId: PERSON,
      traits: { plan: 'free' },
      account: { id: OTHER_ACCOUNT },
    },
  }),
  'post /v1/batch': () => ({
    body: { batch: [{ type: 'track', event: 'exported', userId: PERSON, messageId: EVENT }] },
  }),
  'post /v1/track': () => ({ body: { type: 'track', event: 'exported', userId: PERSON, messageId: EVENT } }),
  'post /v1/page': () => ({ body: { type: 'page', name: 'Home', anonymousId: ANONYMOUS } }),
  'post /v1/identify': () => ({ body: { type: 'identify', userId: PERSON, traits: { plan: 'free' } } }),
  'post /v1/group': () => ({ body: { type: 'group', userId: PERSON, groupId: OTHER_ACCOUNT } }),
  'post /v1/screen': () => ({ body: { type: 'screen', name: 'Home', anonymousId: ANONYMOUS } }),
  'post /v1/alias': () => ({ body: { type: 'alias', previousId: ANONYMOUS, userId: PERSON } }),

  'get /admin/v1/project': () => ({}),
  'patch /admin/v1/project': () => ({ body: { name: 'Renamed', recontactDays: 1, segments: [] } }),
  'get /admin/v1/keys': () => ({}),
  'post /admin/v1/keys': () => ({ body: { label: 'another' } }),
  'delete /admin/v1/keys/:id': () => ({}),
  'post /admin/v1/keys/rotate-public': () => ({}),
  'post /admin/v1/surveys': () => ({ body: surveyDefinition('nps') }),
  'get /admin/v1/surveys': () => ({}),
  'get /admin/v1/surveys/:id': () => ({}),
  'patch /admin/v1/surveys/:id': () => ({ body: { name: 'Renamed' } }),
  'post /admin/v1/surveys/:id/pause': () => ({}),
  'post /admin/v1/surveys/:id/activate': () => ({}),
  'post /admin/v1/surveys/:id/archive': () => ({}),
  'get /admin/v1/responses': (a) => ({ query: { surveyId: a.surveys.nps } }),
  'get /admin/v1/responses/:id': () => ({}),
  'get /admin/v1/persons': () => ({ query: { accountId: ACCOUNT } }),
  'get /admin/v1/events': () => ({ query: { anonymousId: ANONYMOUS } }),
  'get /admin/v1/ingest/errors': () => ({}),
  'get /admin/v1/persons/:id': () => ({}),
  'delete /admin/v1/persons/:id': () => ({}),
  'get /admin/v1/accounts': () => ({}),
  'get /admin/v1/accounts/:id': () => ({}),
  'get /admin/v1/accounts/:id/overview': () => ({}),
  'get /admin/v1/team/metrics': () => ({}),
  // A kind of export, not an id of A's: B's export holds B's own rows.
  'get /admin/v1/exports/:kind': () => ({ createsOwn: true }),
  'get /admin/v1/scores/summary': () => ({ query: { kind: 'nps' } }),
  'get /admin/v1/scores/themes': () => ({ query: { kind: 'nps' } }),
  'get /admin/v1/scores/trend': () => ({ query: { kind: 'nps', period: 'day', splitBy: 'trait:plan' } }),
  'post /admin/v1/webhooks': () => ({
    body: { url: 'https://hooks.example.com/b', events: ['detractor.created'] },
  }),
  'get /admin/v1/webhooks': () => ({}),
  'get /admin/v1/webhooks/:id': () => ({}),
  'patch /admin/v1/webhooks/:id': () => ({ body: { active: false, url: 'https://hooks.example.com/b' } }),
  'delete /admin/v1/webhooks/:id': () => ({}),
  'get /admin/v1/webhooks/:id/deliveries': () => ({}),
  'post /admin/v1/webhooks/:id/test': () => ({}),
  'post /admin/v1/webhooks/:id/events/:eventId/redeliver': () => ({}),
  'get /admin/v1/cases': () => ({ query: { accountId: ACCOUNT, overdue: 'false' } }),
  'get /admin/v1/cases/:id': () => ({}),
  'patch /admin/v1/cases/:id': () => ({ body: { status: 'contacted', owner: null, by: 'b@example.com' } }),
  'post /admin/v1/cases/:id/notes': () => ({ body: { text: 'Called them', by: 'b@example.com' } }),
  'post /admin/v1/cases/bulk': (a) => ({
    body: { ids: [a.caseId], changes: { status: 'resolved', rootCause: 'pricing' }, by: 'b@example.com' },
    refusedAs: { status: 400, field: 'ids.0' },
  }),
  'get /admin/v1/team': () => ({}),
  'put /admin/v1/team/:email': () => ({ body: { name: 'Someone of B', active: false }, createsOwn: true }),
  'get /admin/v1/root-causes': () => ({ query: { kind: 'nps' } }),
  'get /admin/v1/taxonomy': () => ({}),
  'put /admin/v1/taxonomy/themes/:key': () => ({
    body: { label: 'Of B', keywords: ['b'] },
    createsOwn: true,
  }),
  'delete /admin/v1/taxonomy/themes/:key': () => ({}),
  'get /admin/v1/responses/:id/tags': () => ({}),
  'put /admin/v1/responses/:id/tags': () => ({ body: { sentiment: 'positive', by: 'b@example.com' } }),
  'post /admin/v1/retag': () => ({}),
  'get /admin/v1/jobs/:id': () => ({}),
  'get /admin/v1/users': () => ({}),
  'post /admin/v1/users': () => ({ body: { email: 'person-of-b@example.com', role: 'viewer' } }),
  'post /auth/v1/sign-in': (a) => ({ body: { email: a.userEmails[0], password: 'not the password' } }),
  'get /auth/v1/me': () => ({}),
  'post /auth/v1/sign-out': () => ({}),
  'post /auth/v1/sign-out-everywhere': () => ({}),
  'post /auth/v1/password': () => ({
    body: { token: 'pw_not-a-token-of-anyone', password: 'long enough, surely' },
  }),
  'post /admin/v1/revenue/changes': () => ({
    body: { changes: [{ accountId: ACCOUNT, at: '2026-01-01T00:00:00Z', mrr: 100, currency: 'USD' }] },
  }),
  'get /admin/v1/accounts/:id/revenue': () => ({}),
  'post /integrations/stripe/:projectId': () => ({ body: stripeEvent('evt_of_b') }),
  'get /admin/v1/integrations/stripe': () => ({}),
  'put /admin/v1/integrations/stripe': () => ({ body: { endpointSecret: 'whsec_ofprojectb0123456' } }),
  'get /admin/v1/revenue/settings': () => ({}),
  'put /admin/v1/revenue/settings': () => ({ body: { reportingCurrency: 'EUR' } }),
  'get /admin/v1/revenue/rates': () => ({}),
  'get /admin/v1/revenue/movements': () => ({ query: { splitBy: 'trait:tier' } }),
  'get /admin/v1/revenue/retention': () => ({ query: { splitBy: 'trait:tier' } }),
  'get /admin/v1/revenue/cohorts': () => ({ query: { period: 'month' } }),
  'get /admin/v1/revenue/economics': () => ({}),
  'get /admin/v1/goals': () => ({}),
  // A month is a natural key, not an id of A's: B gets its own, empty report.
  'get /admin/v1/reports/monthly/:month': () => ({ createsOwn: true }),
  'put /admin/v1/reports/monthly/:month/notes': () => ({
    body: { author: 'b@example.com', notes: { nextActions: 'Call them' } },
    createsOwn: true,
  }),
  'put /admin/v1/goals': () => ({ body: { goals: [{ metric: 'nps', comparison: '>=', target: 10 }] } }),
  'put /admin/v1/costs/:month': () => ({
    body: {
      salesAndMarketing: 1,
      customerSuccess: 1,
      support: 1,
      productDevelopment: 1,
      grossMarginPercent: 50,
    },
    createsOwn: true,
  }),
  'put /admin/v1/revenue/rates': () => ({
    body: { rates: [{ currency: 'EUR', month: '2026-01', rate: '1.1' }] },
  }),
  'get /admin/v1/health/model': () => ({}),
  'put /admin/v1/health/model': () => ({ body: { model: DEFAULT_HEALTH_MODEL } }),
  'post /admin/v1/health/recompute': () => ({}),
  'get /admin/v1/health/backtest': () => ({}),
  'get /admin/v1/accounts/:id/health': () => ({}),
  'get /admin/v1/lifecycle/rules': () => ({}),
  'put /admin/v1/lifecycle/rules': () => ({ body: { rules: DEFAULT_LIFECYCLE_RULES } }),
  'get /admin/v1/lifecycle/summary': () => ({}),
  'put /admin/v1/accounts/:id/stage': () => ({
    body: { stage: 'churned', reason: 'B tries', by: 'b@example.com' },
  }),
  'get /admin/v1/accounts/:id/stages': () => ({}),
  'get /admin/v1/usage/trend': () => ({ query: { accountId: ACCOUNT } }),
  'get /admin/v1/features': () => ({}),
  'put /admin/v1/features': () => ({
    body: { features: [{ key: 'exports', label: 'B', events: ['exported'] }] },
  }),
  'get /admin/v1/features/adoption': () => ({ query: { accountId: ACCOUNT } }),
  'get /admin/v1/accounts/:id/features': () => ({}),
}

const keyOf = (operation: Operation) => `${operation.method} ${operation.path}`

/** The segment before each `:parameter` of a path, with the parameter's name. */
function pathParameters(path: string): { after: string; name: string }[] {
  return [...path.matchAll(/([^/]+)\/:(\w+)/g)].map(([, after = '', name = '']) => ({ after, name }))
}

function pathWithIdsOf(a: ProjectA, path: string): string {
  return path.replace(/([^/]+)\/:\w+/g, (_, after: string) => {
    const idOf = A_ID_AFTER[after]
    if (!idOf) throw new Error(`no id of project A for a parameter after /${after}/ (see A_ID_AFTER)`)
    return `${after}/${encodeURIComponent(idOf(a))}`
  })
}

/** The call for the operation, refused unless CALLS has one that fits the operation's schemas. */
function callFor(operation: Operation, a: ProjectA): Call {
  const build = CALLS[keyOf(operation)]
  if (!build) {
    throw new Error(
      `CALLS in isolation.test.ts has no entry for '${keyOf(operation)}': add its query and a minimal valid ` +
        'body (naming ids of project A where it can) so the new route is checked for isolation',
    )
  }
  const call = build(a)
  for (const [part, schema] of [
    ['body', operation.body],
    ['query', operation.query],
  ] as const) {
    const given = call[part]
    if (schema === undefined) {
      expect(given, `${keyOf(operation)} takes no ${part}`).toBeUndefined()
    } else if (part === 'body' || given !== undefined) {
      const parsed = schema.safeParse(given)
      expect(parsed.error?.issues ?? [], `the ${part} in CALLS for ${keyOf(operation)} is invalid`).toEqual(
        [],
      )
    }
  }
  return call
}

type Snapshot = Record<string, unknown[]>

/** Tables without a project_id, and the column that ties each of their rows to a table that has one. */
const OWNED_THROUGH: Record<string, { column: string; parent: string }> = {
  webhook_deliveries: { column: 'webhook_id', parent: 'webhooks' },
  sessions: { column: 'user_id', parent: 'users' },
  user_tokens: { column: 'user_id', parent: 'users' },
}

/**
 * Every row of the project in every table the migrated database has (not a list kept by hand, so a new
 * table is covered too): `projects` by id, the others by their project_id or through OWNED_THROUGH.
 */
async function rowsOf(database: HeedDatabase, projectId: string): Promise<Snapshot> {
  const snapshot: Snapshot = {}
  const tables = await database.db.introspection.getTables()
  for (const table of tables.sort((x, y) => x.name.localeCompare(y.name))) {
    const owner = OWNED_THROUGH[table.name]
    const column = table.name === 'projects' ? 'id' : 'project_id'
    if (!owner && !table.columns.some((c) => c.name === column)) {
      throw new Error(
        `table ${table.name} has no project_id: add to OWNED_THROUGH how its rows belong to one`,
      )
    }
    const ofProject = owner
      ? sql`${sql.ref(owner.column)} in (select id from ${sql.table(owner.parent)} where project_id = ${projectId})`
      : sql`${sql.ref(column)} = ${projectId}`
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}
      where ${ofProject}`.execute(database.db)
    snapshot[table.name] = rows
      .map((row) => ({ row, text: JSON.stringify(row) }))
      .sort((x, y) => x.text.localeCompare(y.text))
      .map(({ row }) => row)
  }
  return snapshot
}

/** Names of numbers that count rows: B has no data of its own, so every one it is shown must be 0. */
const COUNT_FIELDS = new Set([
  'n',
  'shown',
  'dismissed',
  'detractor',
  'passive',
  'promoter',
  'responseCount',
  'eventCount',
  'personCount',
  // Revenue: A's MRR in B's answer would make a yearly run rate or a rate's numerator.
  'arr',
  'numerator',
])

/** `path = value` of every count in the answer that is not 0. */
function nonZeroCounts(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => nonZeroCounts(item, `${path}[${index}]`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([name, field]) =>
    typeof field === 'number' && COUNT_FIELDS.has(name) && field !== 0
      ? [`${path}.${name} = ${field}`]
      : nonZeroCounts(field, `${path}.${name}`),
  )
}

/** Where a public key goes: `?key=` for the widget's API, the Basic-auth user name for Segment's. */
interface KeyPlacement {
  query?: Record<string, string>
  authorization?: string
}

const basicAuth = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`

describe('the id map of the isolation test', () => {
  it('has an id of project A for every path parameter of every operation', () => {
    const missing = OPERATIONS.flatMap((operation) =>
      pathParameters(operation.path)
        .filter(({ after }) => A_ID_AFTER[after] === undefined)
        .map(({ after, name }) => `${keyOf(operation)} (:${name} after /${after}/)`),
    )
    expect(missing, 'add these to A_ID_AFTER').toEqual([])
  })

  it('calls only operations that exist', () => {
    const known = new Set(OPERATIONS.map(keyOf))
    expect(
      Object.keys(CALLS).filter((key) => !known.has(key)),
      'stale entries of CALLS',
    ).toEqual([])
  })
})

describe.each(dialectCases())('project isolation on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let a: ProjectA

  /** The app's answer, with its text read once. */
  async function send(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
    const res = await app.request(path, init)
    return { status: res.status, text: await res.text() }
  }

  async function sendOk(path: string, init: RequestInit = {}): Promise<string> {
    const { status, text } = await send(path, init)
    expect(status, `${init.method ?? 'GET'} ${path}: ${text}`).toBeLessThan(300)
    return text
  }

  /**
   * A through the public APIs: surveys, displays, answers with comments, an identified person, events, and a
   * webhook whose alerts about those answers were delivered.
   */
  async function seedProjectA(): Promise<ProjectA> {
    const seed = await seedProject(database, 'A')
    const ingest = (path: string, body: unknown) =>
      sendOk(`/ingest/v1/${path}?key=${seed.project.publicKey}`, post(body))
    const admin = { authorization: `Bearer ${seed.secretKey}` }
    const receiver = await startWebhookReceiver()
    const webhook = JSON.parse(
      await sendOk(
        '/admin/v1/webhooks',
        post({ url: receiver.url, events: ['response.created', 'detractor.created', 'case.updated'] }, admin),
      ),
    ) as { webhook: { id: string }; secret: string }
    await sendOk(`/admin/v1/team/${TEAM_MEMBER}`, { ...post({ name: 'CS of A' }, admin), method: 'PUT' })
    await ingest('identify', {
      anonymousId: ANONYMOUS,
      userId: PERSON,
      traits: { plan: 'pro' },
      account: { id: ACCOUNT, traits: { tier: 'gold' } },
    })
    // A segment declared before the answers: they count into its rollups. A's own time zone: the usage
    // catch-up keeps its local days (usage_zone_days, usage_zone_gaps) beside the UTC ones.
    await sendOk('/admin/v1/project', {
      ...post({ segments: ['plan'], timeZone: 'Europe/Berlin' }, admin),
      method: 'PATCH',
    })
    const responseIds: string[] = []
    const displayIds: string[] = []
    for (const [kind, surveyId] of Object.entries(seed.surveys)) {
      const displayId = `a-display-${kind}`
      const responseId = `a-response-${kind}`
      await ingest('displays', { id: displayId, surveyId, anonymousId: ANONYMOUS, event: 'shown' })
      await ingest('responses', {
        id: responseId,
        surveyId,
        displayId,
        anonymousId: ANONYMOUS,
        score: 3,
        comment: 'Exports are slow',
      })
      displayIds.push(displayId)
      responseIds.push(responseId)
    }
    // A feature catalogue before the events: the event of A counts as a use in feature_usage.
    await sendOk('/admin/v1/features', {
      ...post({ features: [{ key: 'exports', label: 'Exports of A', events: ['exported'] }] }, admin),
      method: 'PUT',
    })
    await ingest('events', {
      // The second event is refused and kept for admins: ingest_errors has a row of A.
      events: [
        { id: EVENT, name: 'exported', anonymousId: ANONYMOUS, timestamp: now() },
        { id: 'a-event-refused', name: '', anonymousId: ANONYMOUS, timestamp: now() },
      ],
    })
    // Folded into the usage rollups (and usage_watermarks) as the server's catch-up worker does.
    await catchUpUsage(database, seed.project.id)
    // Traits of someone known only by an anonymous id wait in anonymous_traits.
    await sendOk(
      `/v1/identify?key=${seed.project.publicKey}`,
      post({ anonymousId: 'a-anonymous-only', traits: { plan: 'trial' } }),
    )
    const { cases } = JSON.parse(await sendOk('/admin/v1/cases', { headers: admin })) as {
      cases: { id: string }[]
    }
    const caseId = cases[0]?.id ?? ''
    await sendOk(
      `/admin/v1/cases/${caseId}/notes`,
      post({ text: 'Called, will fix exports', by: 'A' }, admin),
    )
    const themed = await sendOk(`/admin/v1/taxonomy/themes/${THEME_KEY}`, {
      ...post({ label: THEME_LABEL, keywords: ['export'] }, admin),
      method: 'PUT',
    })
    const { job } = JSON.parse(themed) as { job: { id: string } }
    await deliverAll(receiver)
    const delivered = await database.db
      .selectFrom('webhook_outbox')
      .select('id')
      .where('webhook_id', '=', webhook.webhook.id)
      .executeTakeFirstOrThrow()

    const userEmails = ['signed-in@a.example', 'invited@a.example']
    for (const email of userEmails) {
      const invited = await sendOk('/admin/v1/users', post({ email, role: 'member' }, admin))
      const { setPasswordUrl } = JSON.parse(invited) as { setPasswordUrl: string }
      if (email !== userEmails[0]) continue
      const token = setPasswordUrl.split('#token=')[1]
      await sendOk('/auth/v1/password', post({ token, password: 'password of A' }))
      await sendOk('/auth/v1/sign-in', post({ email, password: 'password of A' }))
    }
    await sendOk('/admin/v1/revenue/rates', {
      ...post(
        {
          rates: [
            { currency: 'EUR', month: '2025-12', rate: '1.07' },
            { currency: 'EUR', month: '2026-01', rate: '1.08' },
          ],
        },
        admin,
      ),
      method: 'PUT',
    })
    await sendOk('/admin/v1/reports/monthly/2026-01/notes', {
      ...post({ author: 'A', notes: { retention: 'Notes of project A' } }, admin),
      method: 'PUT',
    })
    await sendOk('/admin/v1/goals', {
      ...post({ goals: [{ metric: 'netRevenueRetention', comparison: '>=', target: 1 }] }, admin),
      method: 'PUT',
    })
    await sendOk('/admin/v1/costs/2026-01', {
      ...post(
        {
          salesAndMarketing: 1,
          customerSuccess: 2,
          support: 3,
          productDevelopment: 4,
          grossMarginPercent: 70,
        },
        admin,
      ),
      method: 'PUT',
    })
    await sendOk(
      '/admin/v1/revenue/changes',
      post(
        // A month before Stripe's change in dollars: a month that ends in euros, kept per account.
        { changes: [{ accountId: ACCOUNT, at: '2025-12-15T00:00:00Z', mrr: 4_900, currency: 'EUR' }] },
        admin,
      ),
    )

    const stripeSecret = 'whsec_ofprojecta0123456789'
    await sendOk('/admin/v1/integrations/stripe', {
      ...post({ endpointSecret: stripeSecret }, admin),
      method: 'PUT',
    })
    const stripePayload = JSON.stringify(stripeEvent('evt_of_a'))
    await sendOk(`/integrations/stripe/${seed.project.id}`, {
      ...post(stripePayload, {
        'stripe-signature': stripe.webhooks.generateTestHeaderString({
          payload: stripePayload,
          secret: stripeSecret,
        }),
      }),
    })

    // The health model, lifecycle rules, scores and stages of A, and a stage A's CSM set by hand.
    await sendOk('/admin/v1/health/model', { ...post({ model: DEFAULT_HEALTH_MODEL }, admin), method: 'PUT' })
    await sendOk('/admin/v1/lifecycle/rules', {
      ...post({ rules: DEFAULT_LIFECYCLE_RULES }, admin),
      method: 'PUT',
    })
    await sendOk('/admin/v1/health/recompute', post({}, admin))
    await sendOk(`/admin/v1/accounts/${ACCOUNT}/stage`, {
      ...post({ stage: 'adoption', reason: 'Reason of project A', by: TEAM_MEMBER }, admin),
      method: 'PUT',
    })
    // A's feature catalogue and a counted use of it (what the account overview's usage reads).
    await putCatalogue(
      database,
      seed.project.id,
      [{ key: 'exports', label: 'Exports', events: ['exported'], pages: [] }],
      Date.now(),
    )
    await database.db
      .insertInto('feature_usage')
      .values({
        project_id: seed.project.id,
        feature_key: 'exports',
        day: Math.floor(Date.now() / 86_400_000),
        person_id: PERSON,
        account_id: ACCOUNT,
        hours: 1,
        uses: 1,
        last_at: Date.now(),
      })
      .execute()

    const created = await sendOk('/admin/v1/keys', post({ label: 'second' }, admin))
    const { secretKey } = JSON.parse(created) as { secretKey: string }
    const listed = JSON.parse(await sendOk('/admin/v1/keys', { headers: admin })) as {
      keys: { id: string }[]
    }
    return {
      ...seed,
      secretKeys: [seed.secretKey, secretKey],
      keyIds: listed.keys.map((key) => key.id),
      responseIds,
      displayIds,
      webhookId: webhook.webhook.id,
      webhookSecret: webhook.secret,
      webhookEventId: delivered.id,
      caseId,
      jobId: job.id,
      userEmails,
      stripeSecret,
    }
  }

  /** Sends every queued alert once, then stops: nothing changes in the background while B calls. */
  async function deliverAll(receiver: WebhookReceiver): Promise<void> {
    const dispatcher = startWebhookDispatcher({
      database,
      logger: createLogger('silent'),
      destinations: developmentDestinations(),
    })
    try {
      await vi.waitFor(
        async () => {
          const pending = await database.db
            .selectFrom('webhook_outbox')
            .select('id')
            .where('delivered_at', 'is', null)
            .execute()
          expect(pending).toEqual([])
        },
        { timeout: 10_000, interval: 20 },
      )
    } finally {
      await dispatcher.stop()
      await receiver.close()
    }
  }

  let widgetDir: string

  beforeAll(async () => {
    // A stand-in for the widget's build, so that /widget/heed.js answers 200.
    widgetDir = mkdtempSync(join(tmpdir(), 'heed-isolation-widget-'))
    writeFileSync(join(widgetDir, 'heed.js'), '// the widget\n')
    database = await dialect.open()
    // The alerts go to a receiver on this machine, which only the development rule allows.
    app = testApp(database, { widgetDir, webhookDestinations: developmentDestinations() })
    a = await seedProjectA()
  })
  afterAll(async () => {
    await database.close()
    rmSync(widgetDir, { recursive: true, force: true })
  })

  it('has rows of project A in every table, so that "unchanged" means something', async () => {
    const empty = Object.entries(await rowsOf(database, a.project.id))
      .filter(([, rows]) => rows.length === 0)
      .map(([table]) => table)
    expect(empty, 'seed these tables in seedProjectA').toEqual([])
    expect(a.keyIds).toHaveLength(2)
  })

  const leaksIn = (text: string) => secretsOf(a).filter((secret) => text.includes(secret))
  const successes = (operation: Operation) => Object.keys(operation.responses).map(Number)

  async function expectAUnchanged(before: Snapshot): Promise<void> {
    expect(await rowsOf(database, a.project.id)).toEqual(before)
    for (const key of a.secretKeys) {
      const { status, text } = await send('/admin/v1/project', {
        headers: { authorization: `Bearer ${key}` },
      })
      expect(status, 'a secret key of A stopped working').toBe(200)
      expect(JSON.parse(text)).toMatchObject({ project: { id: a.project.id } })
    }
  }

  function requestInit(operation: Operation, call: Call, authorization?: string): RequestInit {
    const headers: Record<string, string> = authorization ? { authorization } : {}
    if (call.body === undefined) return { method: operation.method.toUpperCase(), headers }
    return { ...post(call.body, headers), method: operation.method.toUpperCase() }
  }

  const withQuery = (path: string, query: Record<string, string> | undefined) =>
    query ? `${path}?${new URLSearchParams(query)}` : path

  /** B's secret key: A's ids in the path are not found; listings show nothing of A. */
  async function checkSecret(operation: Operation): Promise<void> {
    // A new B for every operation: one route's writes (a rotated key, a person named like A's) never
    // change what the next route sees, and anything B is shown besides its seed can only be A's.
    const b = await seedProject(database, 'B')
    const call = callFor(operation, a)
    const before = await rowsOf(database, a.project.id)
    const { status, text } = await send(
      withQuery(pathWithIdsOf(a, operation.path), call.query),
      requestInit(operation, call, `Bearer ${b.secretKey}`),
    )
    if (call.refusedAs) {
      expect(status, text).toBe(call.refusedAs.status)
      expect(JSON.parse(text).error.issues.map((issue: { field: string }) => issue.field)).toEqual([
        call.refusedAs.field,
      ])
      expect(leaksIn(text), "ids of A in B's answer").toEqual([])
    } else if (pathParameters(operation.path).length > 0 && !call.createsOwn) {
      expect(status, text).toBe(404)
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'not_found' } })
    } else {
      expect(successes(operation), text).toContain(status)
      expect(leaksIn(text), "ids of A in B's answer").toEqual([])
      if (operation.path.startsWith('/admin/v1/exports/')) {
        // A CSV file: B has no rows of its own, so anything past the header line can only be A's.
        expect(text.split('\r\n').filter(Boolean), "rows in B's export that can only be A's").toHaveLength(1)
      } else {
        expect(nonZeroCounts(JSON.parse(text)), "counts in B's answer that can only be A's").toEqual([])
      }
    }
    await expectAUnchanged(before)
  }

  /** B's public key: A's surveys are unknown to B, and whatever B sends is stored in B only. */
  async function checkPublic(
    operation: Operation,
    keyIn: (publicKey: string) => KeyPlacement,
  ): Promise<void> {
    const b = await seedProject(database, 'B')
    const call = callFor(operation, a)
    const [beforeA, beforeB] = [await rowsOf(database, a.project.id), await rowsOf(database, b.project.id)]
    const key = keyIn(b.project.publicKey)
    const { status, text } = await send(
      withQuery(operation.path, { ...call.query, ...key.query }),
      requestInit(operation, call, key.authorization),
    )
    const namesSurveyOfA = Object.values(a.surveys).some((id) => JSON.stringify(call.body ?? {}).includes(id))
    const afterB = await rowsOf(database, b.project.id)
    if (namesSurveyOfA) {
      expect(status, text).toBe(422)
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'unknown_survey' } })
      expect(afterB, 'a refused call stored something in B').toEqual(beforeB)
    } else {
      expect(successes(operation), text).toContain(status)
      expect(leaksIn(text), "ids of A in B's answer").toEqual([])
      if (operation.method === 'get') expect(afterB).toEqual(beforeB)
      else expect(afterB, 'what B sent was not stored in B').not.toEqual(beforeB)
    }
    await expectAUnchanged(beforeA)
  }

  const CHECKS: Record<Auth, (operation: Operation) => Promise<void>> = {
    secret: checkSecret,
    public: (operation) => checkPublic(operation, (key) => ({ query: { key } })),
    writeKey: (operation) => checkPublic(operation, (key) => ({ authorization: basicAuth(key) })),
    // Without A's password, token or cookie, nothing of A is shown or changed, whatever the body names.
    person: async (operation) => {
      const call = callFor(operation, a)
      const before = await rowsOf(database, a.project.id)
      const { status, text } = await send(withQuery(operation.path, call.query), requestInit(operation, call))
      expect(status, text).toBeGreaterThanOrEqual(400)
      expect(status, text).toBeLessThan(500)
      expect(leaksIn(text), 'ids of A in the answer').toEqual([])
      await expectAUnchanged(before)
    },
    // Signed with B's own endpoint secret, or not at all, an event sent to A's endpoint changes nothing of A.
    stripeSignature: async (operation) => {
      const b = await seedProject(database, 'B')
      const bSecret = 'whsec_ofprojectb0123456'
      await sendOk('/admin/v1/integrations/stripe', {
        ...post({ endpointSecret: bSecret }, { authorization: `Bearer ${b.secretKey}` }),
        method: 'PUT',
      })
      const payload = JSON.stringify(callFor(operation, a).body)
      const before = await rowsOf(database, a.project.id)
      for (const signature of [
        stripe.webhooks.generateTestHeaderString({ payload, secret: bSecret }),
        undefined,
      ]) {
        const headers: Record<string, string> = signature ? { 'stripe-signature': signature } : {}
        const { status, text } = await send(pathWithIdsOf(a, operation.path), post(payload, headers))
        expect(status, text).toBe(400)
        expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_signature' } })
        expect(leaksIn(text), 'ids of A in the answer').toEqual([])
      }
      await expectAUnchanged(before)
    },
    none: async (operation) => {
      expect(callFor(operation, a)).toEqual({})
      expect((await send(pathWithIdsOf(a, operation.path))).status).toBe(200)
    },
  }

  it.each(OPERATIONS.map((operation) => [`${keyOf(operation)} (${operation.auth})`, operation] as const))(
    '%s',
    (_name, operation) => CHECKS[operation.auth](operation),
  )
})
