import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHeed } from '../../test-support/cli-process'
import { databaseTargets } from '../../test-support/database-targets'
import { createApp } from '../app'
import { openDatabase } from '../db/open'
import { createLogger } from '../logger'

describe.each(databaseTargets())('heed user create on $name', (dialect) => {
  let target: string
  let remove: () => Promise<void>
  beforeAll(async () => {
    ;({ target, remove } = await dialect.create())
  })
  afterAll(() => remove())

  it('adds a person and prints a one-time link that sets their password', async () => {
    const project = await runHeed(['project', 'create', '--name', 'Acme', '--json', '--database', target])
    expect(project.code).toBe(0)
    const { id: projectId } = JSON.parse(project.stdout)

    const { code, stdout } = await runHeed([
      'user',
      'create',
      '--email',
      'Ann@Acme.test',
      '--role',
      'viewer',
      '--url',
      'https://heed.acme.test/',
      '--database',
      target,
    ])
    expect(code).toBe(0)
    expect(stdout).toContain('Added ann@acme.test (viewer) to project "Acme".')
    const link = /Set-password link +(\S+)/.exec(stdout)?.[1] ?? ''
    expect(link).toMatch(/^https:\/\/heed\.acme\.test\/app\/set-password#token=pw_[\w-]{32}$/)

    const again = await runHeed([
      'user',
      'create',
      '--email',
      'ann@acme.test',
      '--role',
      'admin',
      '--database',
      target,
    ])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('ann@acme.test already has an account')

    const database = openDatabase(target)
    try {
      const app = createApp({ database, logger: createLogger('silent') })
      const password = 'a long enough password'
      const token = link.split('#token=')[1]
      const set = await app.request('/auth/v1/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password }),
      })
      expect(set.status).toBe(200)
      const signIn = await app.request('/auth/v1/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ann@acme.test', password }),
      })
      expect(signIn.status).toBe(200)
      expect(((await signIn.json()) as { user: unknown }).user).toMatchObject({ role: 'viewer', name: 'ann' })
      const team = await database.db.selectFrom('team_members').select(['project_id', 'email']).execute()
      expect(team).toEqual([{ project_id: projectId, email: 'ann@acme.test' }])
    } finally {
      await database.close()
    }
  })

  it('refuses a bad role, e-mail or URL, and asks which project when there are several', async () => {
    for (const [args, message] of [
      [['--email', 'x@acme.test', '--role', 'owner'], '--role must be one of admin, member, viewer'],
      [['--email', 'not-an-email', '--role', 'admin'], '--email must be an e-mail address'],
      [['--email', 'x@acme.test', '--role', 'admin', '--url', 'ftp://x'], '--url must be an http(s) URL'],
    ] as const) {
      const { code, stderr } = await runHeed(['user', 'create', ...args, '--database', target])
      expect(code, message).toBe(2)
      expect(stderr).toContain(message)
    }
    expect((await runHeed(['project', 'create', '--name', 'Other', '--database', target])).code).toBe(0)
    const { code, stderr } = await runHeed([
      'user',
      'create',
      '--email',
      'b@acme.test',
      '--role',
      'admin',
      '--database',
      target,
    ])
    expect(code).toBe(1)
    expect(stderr).toContain('the database has 2 projects: name one with --project')
  })
})
