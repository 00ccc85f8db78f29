import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type RunningHeed, runHeed, spawnHeed } from '../../test-support/cli-process'
import { migrateToLatest } from '../db/migrate'
import { openDatabase } from '../db/open'
import { createProject, findProjectBySecretKey, listProjects } from '../store/projects'

const isRunning = (line: string) => line.startsWith('Heed demo is running at ')

/** The URL, keys and seeded counts the demo printed, once it serves. */
async function demoOutput(heed: RunningHeed) {
  const running = await heed.waitForLine(isRunning)
  const output = heed.stdout()
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1]?.replaceAll(',', '') ?? Number.NaN)
  return {
    url: /running at (\S+)/.exec(running)?.[1] ?? '',
    output,
    secretKey: /Secret key +(sk_\S+)/.exec(output)?.[1] ?? '',
    projectId: /\((prj_[\w-]+)\)/.exec(output)?.[1] ?? '',
    counts: {
      responses: number(/([\d,]+) responses/),
      comments: number(/\(([\d,]+) with comments\)/),
      displays: number(/([\d,]+) displays/),
      events: number(/([\d,]+) events/),
      persons: number(/([\d,]+) people/),
    },
  }
}

async function stop(heed: RunningHeed, signal: NodeJS.Signals = 'SIGTERM') {
  heed.child.kill(signal)
  expect(await heed.exited).toBe(0)
}

describe('heed demo', () => {
  const folder = mkdtempSync(join(tmpdir(), 'heed-demo-'))
  const file = join(folder, 'demo.db')
  afterAll(() => rmSync(folder, { recursive: true, force: true }))
  let first: Awaited<ReturnType<typeof demoOutput>>

  it('seeds a small demo with progress, serves it, and its rollups match its responses', async () => {
    const heed = spawnHeed(['demo', '--size', 'small', '--port', '0', '--database', file])
    try {
      first = await demoOutput(heed)
      // Not a terminal: one finished line per stage.
      expect(first.output).toMatch(/ {2}displays and responses +[\d,]+ \/ [\d,]+ +100% {2}\d+\.\d s\n/)
      expect(first.output).toContain(`curl -s -H 'Authorization: Bearer ${first.secretKey}'`)
      expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ ok: true, database: 'sqlite' })
      // The host page that embeds the widget with the demo's key.
      expect(first.output).toContain(`Demo page      ${first.url}/demo `)
      const publicKey = /Public key +(pk_\S+)/.exec(first.output)?.[1]
      const hostPage = await fetch(`${first.url}/demo`)
      expect(hostPage.status).toBe(200)
      expect(await hostPage.text()).toContain(`heed("init",{key:"${publicKey}",host:"${first.url}"});`)
      // The dashboard and its printed login, which signs in.
      expect(first.output).toContain(`Dashboard      ${first.url}/app/\n`)
      const [, email, password] = /sign in as (\S+) with the password (\S+)/.exec(first.output) ?? []
      const signIn = await fetch(`${first.url}/auth/v1/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: first.url },
        body: JSON.stringify({ email, password }),
      })
      expect(signIn.status, await signIn.clone().text()).toBe(200)
      expect(((await signIn.json()) as { user: unknown }).user).toMatchObject({ email, role: 'admin' })

      const database = openDatabase(file)
      try {
        expect((await findProjectBySecretKey(database, first.secretKey))?.name).toBe('Acme Analytics')
        const count = async (table: 'responses' | 'displays' | 'events' | 'persons' | 'accounts') =>
          Number(
            (
              await database.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          )
        expect(await count('responses')).toBe(first.counts.responses)
        expect(await count('displays')).toBe(first.counts.displays)
        expect(await count('events')).toBe(first.counts.events)
        expect(await count('persons')).toBe(first.counts.persons)
        expect(await count('accounts')).toBe(15)

        const rows = await database.db.selectFrom('responses').select(['score', 'comment']).execute()
        const rollups = await database.db.selectFrom('response_rollups').selectAll().execute()
        const sum = (pick: (row: (typeof rollups)[number]) => number) =>
          rollups.reduce((total, row) => total + Number(pick(row)), 0)
        const scoreColumns = (row: (typeof rollups)[number]) =>
          row.c0 + row.c1 + row.c2 + row.c3 + row.c4 + row.c5 + row.c6 + row.c7 + row.c8 + row.c9 + row.c10
        expect(sum(scoreColumns)).toBe(rows.filter((row) => row.score !== null).length)
        expect(sum((row) => row.shown)).toBe(first.counts.displays)
        const dismissed = await database.db
          .selectFrom('displays')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('dismissed_at', 'is not', null)
          .executeTakeFirstOrThrow()
        expect(sum((row) => row.dismissed)).toBe(Number(dismissed.n))
        expect(rows.filter((row) => row.comment !== null).length).toBe(first.counts.comments)
      } finally {
        await database.close()
      }
    } finally {
      await stop(heed)
    }
  })

  it('reuses the demo on the next run and shows the same keys', async () => {
    const heed = spawnHeed(['demo', '--port', '0', '--database', file])
    try {
      const again = await demoOutput(heed)
      expect(again.output).toContain(`Using the demo already in ${file}`)
      expect(again.output).not.toContain('Seeding')
      expect([again.projectId, again.secretKey]).toEqual([first.projectId, first.secretKey])
    } finally {
      await stop(heed, 'SIGINT')
    }
  })

  it('starts over with --fresh: a new project with the same data', async () => {
    const heed = spawnHeed(['demo', '--fresh', '--size', 'small', '--port', '0', '--database', file])
    try {
      const fresh = await demoOutput(heed)
      expect(fresh.projectId).not.toBe(first.projectId)
      expect(fresh.counts).toEqual(first.counts)
    } finally {
      await stop(heed)
    }
  })

  it('starts over when the last seeding was cut short', async () => {
    const keysFile = `${file}.demo.json`
    const keys = JSON.parse(readFileSync(keysFile, 'utf8'))
    writeFileSync(keysFile, JSON.stringify({ ...keys, complete: false }))
    const heed = spawnHeed(['demo', '--size', 'small', '--port', '0', '--database', file])
    try {
      const again = await demoOutput(heed)
      expect(again.output).toContain('The last seeding was cut short: starting over.')
      expect(again.projectId).not.toBe(keys.projectId)
      expect(again.counts).toEqual(first.counts)
    } finally {
      await stop(heed)
    }
  })

  it('leaves a database with other projects alone, even with --fresh', async () => {
    const other = join(folder, 'real.db')
    const real = openDatabase(other)
    await migrateToLatest(real)
    await createProject(real, { name: 'Real' })
    await real.close()
    const fresh = await runHeed(['demo', '--fresh', '--port', '0', '--database', other])
    expect(fresh.code).toBe(1)
    expect(fresh.stderr).toContain(`${other} holds other projects than the demo's ("Real")`)
    const database = openDatabase(other)
    try {
      expect((await listProjects(database)).map((project) => project.name)).toEqual(['Real'])
    } finally {
      await database.close()
    }
  })
})
