import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHeed } from '../../test-support/cli-process'
import { databaseTargets } from '../../test-support/database-targets'
import { openDatabase } from '../db/open'
import { findProjectByPublicKey, findProjectBySecretKey } from '../store/projects'

describe.each(databaseTargets())('heed migrate and heed project create on $name', (dialect) => {
  let target: string
  let remove: () => Promise<void>
  beforeAll(async () => {
    ;({ target, remove } = await dialect.create())
  })
  afterAll(() => remove())

  it('migrates a new database, printing the migrations that ran', async () => {
    // The database may come from the environment as well as from --database.
    const { code, stdout } = await runHeed(['migrate'], { HEED_DATABASE: target })
    expect(code).toBe(0)
    expect(stdout).toContain('ran 2026-11-22-initial')
  })

  it('prints parseable keys with --json, and they open the project', async () => {
    const { code, stdout } = await runHeed([
      'project',
      'create',
      '--name',
      'Acme',
      '--origin',
      'https://app.acme.test',
      '--origin',
      'https://*.acme.test',
      '--time-zone',
      'Europe/Berlin',
      '--json',
      '--database',
      target,
    ])
    expect(code).toBe(0)
    const created = JSON.parse(stdout)
    expect(created).toMatchObject({
      name: 'Acme',
      allowedOrigins: ['https://app.acme.test', 'https://*.acme.test'],
      timeZone: 'Europe/Berlin',
    })
    const database = openDatabase(target)
    try {
      expect((await findProjectBySecretKey(database, created.secretKey))?.id).toBe(created.id)
      expect((await findProjectByPublicKey(database, created.publicKey))?.name).toBe('Acme')
    } finally {
      await database.close()
    }
  })
})

describe('heed project create for a person', () => {
  const folder = mkdtempSync(join(tmpdir(), 'heed-cli-'))
  const file = join(folder, 'heed.db')
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('prints the keys with the warning that the secret is shown once', async () => {
    const { code, stdout } = await runHeed(['project', 'create', '--name', 'Beta', '--database', file])
    expect(code).toBe(0)
    expect(stdout).toMatch(/Public key {2}pk_/)
    expect(stdout).toMatch(/Secret key {2}sk_/)
    expect(stdout).toContain('shown only this once')
  })

  it('refuses an origin with a path with exit code 2, before touching the database', async () => {
    const other = join(folder, 'untouched.db')
    const args = ['--name', 'X', '--origin', 'https://app.acme.test/path', '--database', other]
    const { code, stderr } = await runHeed(['project', 'create', ...args])
    expect(code).toBe(2)
    expect(stderr).toContain(
      "--origin must be a scheme and host without a path, such as https://app.example.com, got 'https://app.acme.test/path'",
    )
    expect(existsSync(other)).toBe(false)
  })
})
