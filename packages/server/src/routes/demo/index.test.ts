import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { post, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'

describe.each(dialectCases())('GET /demo on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let demo: TestProject
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    database = await dialect.open()
    demo = await seedProject(database, 'Acme Analytics')
    app = createApp({ database, logger: createLogger('silent'), demoProjectId: demo.project.id })
  })
  afterAll(() => database.close())

  it('serves the host page with the project key and this server as the widget host', async () => {
    const res = await app.request('http://demo.example:8080/demo')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain(`heed("init",{key:"${demo.project.publicKey}",host:"http://demo.example:8080"});`)
  })

  it('follows a rotated public key', async () => {
    const rotated = await app.request(
      '/admin/v1/keys/rotate-public',
      post({}, { authorization: `Bearer ${demo.secretKey}` }),
    )
    expect(rotated.status).toBe(200)
    const { publicKey } = (await rotated.json()) as { publicKey: string }
    expect(publicKey).not.toBe(demo.project.publicKey)
    expect(await (await app.request('/demo')).text()).toContain(`key:"${publicKey}"`)
  })

  it('is not served by a server that is not the demo', async () => {
    expect((await testApp(database).request('/demo')).status).toBe(404)
  })
})
