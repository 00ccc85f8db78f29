import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, jsonOf, seedProject, type TestProject, testApp } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { OPERATIONS, type Operation } from './openapi/operations'

/** Bodies no route accepts: wrong JSON types, broken JSON, hostile shapes and sizes. */
const GARBAGE_BODIES = [
  'null',
  '[]',
  '"text"',
  '42',
  '{}',
  '{"id":',
  '\u0000\u0001',
  JSON.stringify({ id: { $gt: '' }, surveyId: [], score: '9', events: 'all', name: null }),
  JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: {} } }),
  JSON.stringify(JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`)),
  JSON.stringify({ score: 1e308, timestamp: 'yesterday', url: 'javascript:alert(1)', locale: '../../etc' }),
]

const GARBAGE_QUERIES = [
  'from=tomorrow&to=1',
  'limit=-1&cursor=%00%ff',
  'surveyId=%27%20OR%201%3D1--&kind=everything',
  'period=fortnight&timeZone=Mars/Olympus',
  'status=open&status=closed&status=',
  'trait.=x&trait.a%00b=1&unknown=1',
]

const pathOf = (operation: Operation) => operation.path.replace(/:(\w+)/g, 'does-not-exist')

describe.each(dialectCases())(
  'every route answers garbage with a 4xx JSON error on $name',
  (dialect: DialectCase) => {
    let database: HeedDatabase
    let acme: TestProject
    let app: ReturnType<typeof testApp>

    beforeAll(async () => {
      database = await dialect.open()
      acme = await seedProject(database, 'Acme')
      app = testApp(database)
    })
    afterAll(() => database.close())

    const headersFor = (operation: Operation): Record<string, string> => {
      if (operation.auth === 'secret')
        return { authorization: `Bearer ${acme.secretKey}`, 'x-heed-actor': 'qa@acme.test' }
      if (operation.auth === 'writeKey') {
        return { authorization: `Basic ${Buffer.from(`${acme.project.publicKey}:`).toString('base64')}` }
      }
      return {}
    }
    const urlFor = (operation: Operation, query = '') => {
      const keyed = operation.auth === 'public' ? `key=${acme.project.publicKey}` : ''
      const search = [keyed, query].filter(Boolean).join('&')
      return `${pathOf(operation)}${search ? `?${search}` : ''}`
    }
    const expectClientError = async (res: Response, what: string) => {
      expect(res.status, what).toBeLessThan(500)
      if (res.status >= 400) expect((await jsonOf<ErrorJson>(res)).error.code, what).toBeTruthy()
    }

    const withBody = OPERATIONS.filter(
      (operation) => operation.method !== 'get' && operation.method !== 'delete',
    )
    it.each(
      withBody.map(
        (operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const,
      ),
    )('%s', async (_name, operation) => {
      for (const body of GARBAGE_BODIES) {
        const res = await app.request(urlFor(operation), {
          method: operation.method.toUpperCase(),
          headers: { 'content-type': 'application/json', ...headersFor(operation) },
          body,
        })
        await expectClientError(res, `${operation.method} ${operation.path} with ${body.slice(0, 40)}`)
      }
    })

    const withQuery = OPERATIONS.filter((operation) => operation.method === 'get')
    it.each(withQuery.map((operation) => [`GET ${operation.path}`, operation] as const))(
      '%s',
      async (_name, operation) => {
        for (const query of GARBAGE_QUERIES) {
          const res = await app.request(urlFor(operation, query), { headers: headersFor(operation) })
          await expectClientError(res, `GET ${operation.path}?${query}`)
        }
      },
    )
  },
)
