import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'

interface MemberJson {
  email: string
  name: string
  active: boolean
  createdAt: string
  updatedAt: string
}

describe.each(dialectCases())('team API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject
  let other: TestProject

  const request = (project: TestProject, method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1/team${path}`, {
      method,
      headers: { authorization: `Bearer ${project.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const members = async (project: TestProject) =>
    (await jsonOf<{ members: MemberJson[] }>(await request(project, 'GET', ''))).members

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
  })
  afterAll(() => database.close())

  it('adds members by e-mail, then replaces their name and active flag', async () => {
    expect(await members(acme)).toEqual([])
    const added = await request(acme, 'PUT', '/Ann.Smith@Acme.test', { name: ' Ann Smith ' })
    expect(added.status).toBe(201)
    const { member } = await jsonOf<{ member: MemberJson }>(added)
    expect(member).toMatchObject({ email: 'ann.smith@acme.test', name: 'Ann Smith', active: true })

    const changed = await request(acme, 'PUT', '/ann.smith@acme.test', { name: 'Ann', active: false })
    expect(changed.status).toBe(200)
    expect((await jsonOf<{ member: MemberJson }>(changed)).member).toMatchObject({
      email: 'ann.smith@acme.test',
      name: 'Ann',
      active: false,
      createdAt: member.createdAt,
    })
    expect((await request(acme, 'PUT', '/bob%40acme.test', { name: 'Bob' })).status).toBe(201)
    expect((await members(acme)).map(({ email, name, active }) => ({ email, name, active }))).toEqual([
      { email: 'ann.smith@acme.test', name: 'Ann', active: false },
      { email: 'bob@acme.test', name: 'Bob', active: true },
    ])
  })

  it('refuses what is not an e-mail or a name', async () => {
    for (const [path, body, field] of [
      ['/not-an-email', { name: 'X' }, 'email'],
      ['/x@acme.test', {}, 'name'],
      ['/x@acme.test', { name: '' }, 'name'],
      ['/x@acme.test', { name: 'X', active: 'yes' }, 'active'],
      ['/x@acme.test', { name: 'X', role: 'admin' }, 'role'],
    ] as const) {
      const response = await request(acme, 'PUT', path, body)
      expect(response.status, path).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
  })

  it("keeps each project's team to itself", async () => {
    expect(await members(other)).toEqual([])
    // Another project may have a member of the same e-mail: it is theirs, and changes nothing here.
    expect((await request(other, 'PUT', '/bob@acme.test', { name: 'Robert', active: false })).status).toBe(
      201,
    )
    expect((await members(acme)).find((m) => m.email === 'bob@acme.test')).toMatchObject({
      name: 'Bob',
      active: true,
    })
  })
})
