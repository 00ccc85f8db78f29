import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, post, seedProject, type TestProject, testApp } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { type RunningServer, startServer } from '../server'

/** Sends raw bytes and resolves with the answer's status line, or how the connection failed. */
function statusOf(url: string, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (part: Buffer) => received.push(part))
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`failed: ${error.code}`))
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1').split('\r\n')[0]!))
    // Not end(): Node's server drops a connection the client half-closes without answering.
    socket.write(request)
  })
}

/** Ways to send a body Node cannot frame: it answers 400 to each, once it has handed the request over. */
const BAD_FRAMINGS = {
  'Transfer-Encoding: gzip': 'Transfer-Encoding: gzip\r\n\r\n',
  'gzip after chunked': 'Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n',
  'a chunk size that is not hexadecimal': 'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'Transfer-Encoding with Content-Length': 'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
}

describe.each(dialectCases())('a refused request changes nothing, on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let server: RunningServer
  let acme: TestProject
  let app: ReturnType<typeof testApp>
  const admin = { authorization: '' }

  const get = async <T>(path: string) => jsonOf<T>(await app.request(`/admin/v1${path}`, { headers: admin }))
  const publicKey = async () => (await get<{ project: { publicKey: string } }>('/project')).project.publicKey
  const surveyStatus = async () =>
    (await get<{ survey: { status: string } }>(`/surveys/${acme.surveys.nps}`)).survey.status
  const jobCount = async () =>
    (
      await database.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', acme.project.id)
        .executeTakeFirstOrThrow()
    ).n
  let webhookId: string
  const webhookExists = async () =>
    (await app.request(`/admin/v1/webhooks/${webhookId}`, { headers: admin })).status === 200

  /** Each body-less action with a way to read the state it changes. */
  const actions = () => [
    { line: 'POST /admin/v1/keys/rotate-public', state: publicKey },
    { line: `POST /admin/v1/surveys/${acme.surveys.nps}/pause`, state: surveyStatus },
    { line: `DELETE /admin/v1/webhooks/${webhookId}`, state: webhookExists },
    { line: 'POST /admin/v1/retag', state: jobCount },
  ]
  const head = (line: string) =>
    `${line} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${acme.secretKey}\r\nConnection: close\r\n`

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    admin.authorization = `Bearer ${acme.secretKey}`
    app = testApp(database)
    const created = await app.request(
      '/admin/v1/webhooks',
      post({ url: 'https://hooks.example.com/heed', events: ['response.created'] }, admin),
    )
    webhookId = (await jsonOf<{ webhook: { id: string } }>(created)).webhook.id
    server = await startServer({ app, port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await server.close()
    await database.close()
  })

  for (const [name, framing] of Object.entries(BAD_FRAMINGS)) {
    it(`answers 400 to a body-less action sent with ${name}, and does not act`, async () => {
      for (const { line, state } of actions()) {
        const before = await state()
        expect(await statusOf(server.url, head(line) + framing), line).toMatch(/^HTTP\/1\.1 400 /)
        expect(await state(), line).toEqual(before)
      }
    })
  }

  // Node answers these itself when it parses them; the app refuses them on its own too, with a JSON error.
  it('names the header at fault when the app is asked without Node in front', async () => {
    for (const [headers, field] of [
      [{ 'transfer-encoding': 'gzip' }, 'transfer-encoding'],
      [{ 'transfer-encoding': 'chunked', 'content-length': '2' }, 'content-length'],
    ] as const) {
      const before = await publicKey()
      const response = await app.request('/admin/v1/keys/rotate-public', {
        method: 'POST',
        headers: { ...admin, ...headers },
      })
      expect(response.status).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
      expect(await publicKey()).toBe(before)
    }
  })

  // The same requests, well framed, do act: the checks above would see it.
  it('carries out the actions sent with a well-framed body, chunked or not', async () => {
    const chunked = 'Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'
    const [rotate, pause, remove, retag] = actions()
    for (const [{ line, state }, framing] of [
      [rotate!, chunked],
      [pause!, 'Content-Length: 2\r\n\r\n{}'],
      [remove!, chunked],
      [retag!, '\r\n'],
    ] as const) {
      const before = await state()
      expect(await statusOf(server.url, head(line) + framing), line).toMatch(/^HTTP\/1\.1 20[02] /)
      expect(await state(), line).not.toEqual(before)
    }
  })
})
