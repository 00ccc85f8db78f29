import { createApp } from '../src/app'
import type { HeedDatabase } from '../src/db/open'
import { createLogger } from '../src/logger'
import { recordEvents } from '../src/store/events'
import { catchUpUsage } from '../src/store/usage/catch-up'
import { seedProject, type TestProject } from './fixtures'
import { productionDestinations } from './webhook-destinations'

const DAY = 86_400_000
/** The instant every health and lifecycle test runs at. */
export const NOW = Date.parse('2026-12-07T12:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

/**
 * A catalogue of two features (filters, reports) and three accounts whose health and stage were worked out
 * by hand (see health/index.test.ts):
 * - acme (seats 10): 6 people active in the last 30 days, 4 in the 30 before; an NPS 9 a day ago; 2 surveys
 *   shown and that 1 answer; pays 10 000 USD since January; activated in June.
 * - bolt (no seats): 1 active now, 4 before; an NPS 3 two days ago with its case open and overdue; paid
 *   20 000 from February, 8 000 since a month ago; activated in March; 1 person active 10 days before
 *   2026-09-08 (the backtest's scoring day).
 * - calm: first seen in November, 2 people active now; never activated, no answers, no ledger.
 */
export async function seedAccountScenario(database: HeedDatabase): Promise<{
  acme: TestProject
  app: ReturnType<typeof createApp>
  admin: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>
}> {
  const acme = await seedProject(database, 'Acme')
  const projectId = acme.project.id
  const app = createApp({
    database,
    logger: createLogger('silent'),
    rateLimits: { ingest: 100_000, admin: 100_000 },
    webhookDestinations: productionDestinations(),
    now: () => NOW,
  })
  const admin = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    await app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  const accounts = [
    { id: 'acme', traits: { seats: 10 }, firstSeen: Date.parse('2026-06-01T00:00:00Z') },
    { id: 'bolt', traits: {}, firstSeen: Date.parse('2026-03-01T00:00:00Z') },
    { id: 'calm', traits: {}, firstSeen: Date.parse('2026-11-20T00:00:00Z') },
  ]
  for (const account of accounts) {
    await database.db
      .insertInto('accounts')
      .values({
        project_id: projectId,
        id: account.id,
        traits: JSON.stringify(account.traits),
        first_seen: account.firstSeen,
        last_seen: NOW - DAY,
      })
      .execute()
  }
  const people = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3', 'b4', 'c1', 'c2']
  for (const person of people) {
    const account = person.startsWith('a') ? 'acme' : person.startsWith('b') ? 'bolt' : 'calm'
    await database.db
      .insertInto('persons')
      .values({
        project_id: projectId,
        id: person,
        account_id: account,
        traits: '{}',
        first_seen: NOW - 300 * DAY,
        last_seen: NOW,
      })
      .execute()
  }
  // A catalogue of two features before any event, so that uses are counted as events arrive.
  const catalogue = await admin('PUT', '/features', {
    features: [
      { key: 'filters', label: 'Filters', events: ['filter.applied'] },
      { key: 'reports', label: 'Reports', events: ['report.created'] },
    ],
  })
  if (catalogue.status >= 300) throw new Error(`catalogue: ${catalogue.status} ${await catalogue.text()}`)
  let eventId = 0
  // Through the store's write, as ingest does, then folded into the usage rollups the health score reads.
  const event = async (person: string, name: string, at: number) => {
    const account = person.startsWith('a') ? 'acme' : person.startsWith('b') ? 'bolt' : 'calm'
    await recordEvents(
      database,
      projectId,
      [
        {
          id: `evt-${++eventId}`,
          type: 'track',
          name,
          anonymousId: `anon-${person}`,
          userId: person,
          accountId: account,
          at,
        },
      ],
      at,
    )
  }
  for (const person of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'])
    await event(person, 'filter.applied', NOW - 5 * DAY)
  for (const person of ['a1', 'a2', 'a3', 'a4']) await event(person, 'filter.applied', NOW - 40 * DAY)
  await event('b1', 'filter.applied', NOW - 3 * DAY)
  for (const person of ['b1', 'b2', 'b3', 'b4']) await event(person, 'filter.applied', NOW - 45 * DAY)
  await event('b1', 'filter.applied', Date.parse('2026-08-29T00:00:00Z'))
  for (const person of ['c1', 'c2']) await event(person, 'filter.applied', NOW - 2 * DAY)
  await event('a1', 'report.created', Date.parse('2026-06-10T00:00:00Z'))
  await event('b1', 'report.created', Date.parse('2026-03-05T00:00:00Z'))
  // Folded into the usage rollups as the server's catch-up worker does.
  await catchUpUsage(database, projectId)

  const nps = acme.surveys.nps
  const answer = async (id: string, person: string, account: string, score: number, at: number) => {
    await database.db
      .insertInto('responses')
      .values({
        project_id: projectId,
        id,
        survey_id: nps,
        display_id: null,
        anonymous_id: `anon-${person}`,
        person_id: person,
        account_id: account,
        score,
        bucket: score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor',
        comment: null,
        locale: null,
        url: null,
        traits: '{}',
        created_at: at,
        updated_at: at,
      })
      .execute()
  }
  await answer('resp-acme', 'a1', 'acme', 9, NOW - DAY)
  await answer('resp-bolt', 'b1', 'bolt', 3, NOW - 2 * DAY)
  await database.db
    .insertInto('cases')
    .values({
      project_id: projectId,
      id: 'case-bolt',
      response_id: 'resp-bolt',
      survey_id: nps,
      owner: null,
      status: 'open',
      root_cause: null,
      tags: '[]',
      due_at: NOW - DAY,
      first_contact_at: null,
      resolved_at: null,
      version: 1,
      created_at: NOW - 2 * DAY,
      updated_at: NOW - 2 * DAY,
    })
    .execute()
  for (const id of ['disp-1', 'disp-2']) {
    await database.db
      .insertInto('displays')
      .values({
        project_id: projectId,
        id,
        survey_id: nps,
        anonymous_id: 'anon-a1',
        person_id: 'a1',
        url: null,
        dismissed_at: null,
        created_at: NOW - 3 * DAY,
      })
      .execute()
  }
  const ledger = await admin('POST', '/revenue/changes', {
    changes: [
      { accountId: 'acme', at: '2026-01-01T00:00:00Z', mrr: 10_000, currency: 'USD' },
      { accountId: 'bolt', at: '2026-02-01T00:00:00Z', mrr: 20_000, currency: 'USD' },
      { accountId: 'bolt', at: iso(NOW - 30 * DAY), mrr: 8_000, currency: 'USD' },
    ],
  })
  if (ledger.status >= 300) throw new Error(`ledger: ${ledger.status} ${await ledger.text()}`)
  return { acme, app, admin }
}
