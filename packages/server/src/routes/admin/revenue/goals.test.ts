import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

describe.each(dialectCases())('goals API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject

  const request = (method: string, body?: unknown) =>
    app.request('/admin/v1/goals', {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
  })
  afterAll(() => database.close())

  it('replaces the goals as a whole and reads them back exactly', async () => {
    expect(await jsonOf(await request('GET'))).toEqual({ goals: [] })
    const goals = [
      { metric: 'netRevenueRetention', comparison: '>=', target: 1 },
      { metric: 'revenueChurnRate', comparison: '<', target: 0.015 },
      { metric: 'nps', comparison: '>=', target: 40 },
    ]
    const put = await request('PUT', { goals })
    expect(put.status).toBe(200)
    const sorted = [...goals].sort((a, b) => (a.metric < b.metric ? -1 : 1))
    expect(await jsonOf(put)).toEqual({ goals: sorted })
    await request('PUT', { goals: [goals[2]] })
    expect(await jsonOf(await request('GET'))).toEqual({ goals: [goals[2]] })
  })

  it('names the field at fault and then changes nothing', async () => {
    for (const [goals, field] of [
      [[{ metric: 'happiness', comparison: '>=', target: 1 }], 'goals.0.metric'],
      [[{ metric: 'nps', comparison: '=>', target: 1 }], 'goals.0.comparison'],
      [[{ metric: 'nps', comparison: '>=', target: '40' }], 'goals.0.target'],
      [
        [
          { metric: 'nps', comparison: '>=', target: 40 },
          { metric: 'nps', comparison: '>=', target: 50 },
        ],
        'goals.1.metric',
      ],
    ] as const) {
      const response = await request('PUT', { goals })
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
    expect(await jsonOf(await request('GET'))).toEqual({
      goals: [{ metric: 'nps', comparison: '>=', target: 40 }],
    })
  })
})
