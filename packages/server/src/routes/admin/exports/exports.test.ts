import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  post,
  seedProject,
  type TestProject,
  testApp,
} from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

const MINUTE = 60_000
// Client times within the last 30 days are kept as sent.
const BASE = Math.floor((Date.now() - 3 * 24 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE
const at = (minutes: number) => new Date(BASE + minutes * MINUTE).toISOString()

/** Splits a CSV body into records of fields (RFC 4180), so the tests read what a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"'
        index++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      record.push(field)
      field = ''
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      index++
    } else field += char
  }
  expect(field).toBe('')
  expect(record).toEqual([])
  return records
}

/** The records as objects keyed by the header row. */
const rowsOf = (text: string) => {
  const [header = [], ...records] = parseCsv(text)
  return records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]])))
}

describe.each(dialectCases())('CSV exports on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  const ingest = async (project: TestProject, path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${project.project.publicKey}`, post(body))
    if (response.status >= 300) throw new Error(await response.text())
  }
  const get = (path: string, project = acme) =>
    app.request(`/admin/v1${path}`, { headers: { authorization: `Bearer ${project.secretKey}` } })
  const exported = async (path: string, project = acme) => {
    const response = await get(path, project)
    expect(response.status).toBe(200)
    return response
  }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
    await ingest(acme, '/identify', {
      anonymousId: 'anon_0001',
      userId: 'ann',
      traits: { role: '=cmd|calc' },
      account: { id: 'acct-1', traits: { owner: 'csm@acme.test' } },
      timestamp: at(0),
    })
    await ingest(acme, '/identify', { anonymousId: 'anon_0002', userId: 'bob', timestamp: at(1) })
    const answers: [string, number, string | undefined, number, string][] = [
      ['resp_0001', 2, 'Way too expensive, and "slow"\nreally', 10, 'anon_0001'],
      ['resp_0002', 9, '=HYPERLINK("http://evil.test","click")', 20, 'anon_0002'],
      ['resp_0003', 7, undefined, 30, 'anon_0002'],
    ]
    for (const [id, score, comment, minute, anonymousId] of answers) {
      await ingest(acme, '/responses', {
        id,
        surveyId: acme.surveys.nps,
        anonymousId,
        score,
        timestamp: at(minute),
        ...(comment && { comment }),
      })
    }
    await ingest(other, '/responses', {
      id: 'resp_000other',
      surveyId: other.surveys.nps,
      anonymousId: 'anon_000x',
      score: 1,
      comment: 'theirs',
      timestamp: at(5),
    })
    await ingest(acme, '/events', {
      events: [
        {
          id: 'evt_00001',
          name: 'report.exported',
          anonymousId: 'anon_0001',
          userId: 'ann',
          timestamp: at(40),
        },
        {
          id: 'evt_00002',
          name: '+sum',
          anonymousId: 'anon_0002',
          timestamp: at(41),
          properties: { a: 'b,c' },
        },
      ],
    })
  })
  afterAll(() => database.close())

  it('streams responses with their tags as RFC 4180, quoting and neutralising customer text', async () => {
    const response = await exported('/exports/responses')
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="heed-responses-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(bytes[0]).not.toBe(0xef)
    const text = new TextDecoder().decode(bytes)
    expect(text.endsWith('\r\n')).toBe(true)
    const rows = rowsOf(text)
    expect(rows.map((row) => row.id)).toEqual(['resp_0003', 'resp_0002', 'resp_0001'])
    expect(rows[2]).toMatchObject({
      score: '2',
      bucket: 'detractor',
      comment: 'Way too expensive, and "slow"\nreally',
      person_id: 'ann',
      account_id: 'acct-1',
      sentiment: 'negative',
      themes: 'pricing;performance',
    })
    expect(rows[1]?.comment).toBe('\'=HYPERLINK("http://evil.test","click")')
    expect(rows[0]).toMatchObject({ comment: '', themes: '' })
    expect(JSON.parse(rows[2]?.traits ?? '')).toMatchObject({ role: '=cmd|calc' })
    expect(text).not.toContain('theirs')
  })

  it('takes the list filters, and a byte-order mark when asked', async () => {
    const bytes = new Uint8Array(
      await (await exported('/exports/responses?bucket=promoter,passive&bom=1')).arrayBuffer(),
    )
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(rowsOf(text).map((row) => row.id)).toEqual(['resp_0003', 'resp_0002'])
    const traits = await (await exported(`/exports/responses?accountId=acct-1`)).text()
    expect(rowsOf(traits).map((row) => row.id)).toEqual(['resp_0001'])
    const empty = await (await exported(`/exports/responses?from=${encodeURIComponent(at(100))}`)).text()
    expect(parseCsv(empty)).toHaveLength(1)
  })

  it('exports cases, people and events with their own columns', async () => {
    const cases = rowsOf(await (await exported('/exports/cases?status=open')).text())
    expect(cases).toHaveLength(1)
    expect(cases[0]).toMatchObject({ status: 'open', account_id: 'acct-1', score: '2', overdue: 'true' })
    const people = rowsOf(await (await exported('/exports/people?accountId=acct-1')).text())
    expect(people.map((row) => row.id)).toEqual(['ann'])
    expect(JSON.parse(people[0]?.traits ?? '')).toEqual({ role: '=cmd|calc' })
    const events = rowsOf(await (await exported('/exports/events')).text())
    expect(events.map((row) => [row.id, row.name])).toEqual([
      ['evt_00002', "'+sum"],
      ['evt_00001', 'report.exported'],
    ])
    expect(JSON.parse(events[0]?.properties ?? '')).toEqual({ a: 'b,c' })
  })

  it("gives another project's key none of this project's rows", async () => {
    const rows = rowsOf(await (await exported('/exports/responses', other)).text())
    expect(rows.map((row) => row.id)).toEqual(['resp_000other'])
    expect(rowsOf(await (await exported('/exports/events', other)).text())).toEqual([])
  })

  it.each([
    ['/exports/responses?bucket=angry', 'bucket'],
    ['/exports/responses?limit=10', 'limit'],
    ['/exports/cases?cursor=abc', 'cursor'],
    ['/exports/cases?rootCause=nonsense', 'rootCause'],
    ['/exports/events?type=click', 'type'],
    ['/exports/people?bom=yes', 'bom'],
    ['/exports/people?bom=1&bom=0', 'bom'],
    ['/exports/people?nickname=x', 'nickname'],
  ])('refuses %s naming %s', async (path, field) => {
    const response = await get(path)
    expect(response.status).toBe(400)
    const body = (await response.json()) as ErrorJson
    expect(body.error.issues?.map((issue) => issue.field)).toContain(field)
  })

  it('answers 404 for a kind it does not export', async () => {
    expect((await get('/exports/secrets')).status).toBe(404)
  })
})
