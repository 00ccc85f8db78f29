import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHeed, spawnHeed } from '../../test-support/cli-process'
import { databaseTargets } from '../../test-support/database-targets'

const isListening = (line: string) => line.includes('"msg":"listening"')

describe.each(databaseTargets())('heed start on $name', (dialect) => {
  let target: string
  let remove: () => Promise<void>
  beforeAll(async () => {
    ;({ target, remove } = await dialect.create())
  })
  afterAll(() => remove())

  it('migrates, serves /health on the port it picked, logs JSON, and exits 0 on SIGTERM', async () => {
    const heed = spawnHeed(['start', '--port', '0', '--database', target])
    try {
      const listening = JSON.parse(await heed.waitForLine(isListening))
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      // The test servers' URLs carry no password, so the logged location is the URL as given.
      expect(listening.database).toBe(target)
      const health = await fetch(`${listening.url}/health`)
      expect(await health.json()).toEqual({ ok: true, database: dialect.name })
    } finally {
      heed.child.kill('SIGTERM')
    }
    expect(await heed.exited).toBe(0)
    const lines = heed
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((line) => line.msg)).toEqual(['migrated', 'listening', 'shutting down', 'stopped'])
  })
})

describe('heed start', () => {
  const folder = mkdtempSync(join(tmpdir(), 'heed-cli-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('fails with exit code 1 and a clear message when the port is taken, and stops on SIGINT', async () => {
    const file = join(folder, 'heed.db')
    const first = spawnHeed(['start', '--port', '0'], { HEED_DATABASE: file })
    try {
      const { url } = JSON.parse(await first.waitForLine(isListening))
      const port = new URL(url).port
      const second = await runHeed(['start', '--port', port], { HEED_DATABASE: file })
      expect(second.code).toBe(1)
      expect(second.stderr).toBe(
        `heed start: port ${port} on 127.0.0.1 is already in use: choose another with --port\n`,
      )
    } finally {
      first.child.kill('SIGINT')
    }
    expect(await first.exited).toBe(0)
  })

  it('serves the widget from --widget-dir, else from HEED_WIDGET_DIR', async () => {
    const file = join(folder, 'widget.db')
    const builds = { option: join(folder, 'option-build'), env: join(folder, 'env-build') }
    for (const [name, build] of Object.entries(builds)) {
      mkdirSync(build)
      writeFileSync(join(build, 'heed.js'), `// the ${name} build\n`)
    }
    const env = { HEED_WIDGET_DIR: builds.env }
    for (const [args, expected] of [
      [['--widget-dir', builds.option], '// the option build\n'],
      [[], '// the env build\n'],
    ] as const) {
      const heed = spawnHeed(['start', '--port', '0', '--database', file, ...args], env)
      try {
        const { url } = JSON.parse(await heed.waitForLine(isListening))
        const res = await fetch(`${url}/widget/heed.js`)
        expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
        expect(await res.text()).toBe(expected)
      } finally {
        heed.child.kill('SIGTERM')
      }
      expect(await heed.exited).toBe(0)
    }
  })

  it('with NODE_ENV=production refuses webhooks to this machine unless --webhook-allow or HEED_WEBHOOK_ALLOW_HOSTS lists it', async () => {
    const file = join(folder, 'webhooks.db')
    const created = await runHeed(['project', 'create', '--name', 'Hooks', '--json', '--database', file])
    const { secretKey } = JSON.parse(created.stdout) as { secretKey: string }
    /** The status of setting up a webhook to each URL on a server started with these arguments and variables. */
    const statuses = async (args: string[], env: Record<string, string>, urls: string[]) => {
      const heed = spawnHeed(['start', '--port', '0', '--database', file, ...args], env)
      try {
        const { url: server } = JSON.parse(await heed.waitForLine(isListening))
        const answers: number[] = []
        for (const url of urls) {
          const res = await fetch(`${server}/admin/v1/webhooks`, {
            method: 'POST',
            headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ url, events: ['detractor.created'] }),
          })
          answers.push(res.status)
        }
        return answers
      } finally {
        heed.child.kill('SIGTERM')
        await heed.exited
      }
    }
    // Only addresses here: nothing is resolved, nothing is sent.
    const urls = ['http://127.0.0.1:9/in', 'https://2130706433/in', 'http://169.254.169.254/latest/meta-data']
    const production = { NODE_ENV: 'production' }
    expect(await statuses([], production, urls)).toEqual([400, 400, 400])
    expect(await statuses(['--webhook-allow', '127.0.0.1,169.254.0.0/16'], production, urls)).toEqual([
      201, 201, 400,
    ])
    expect(await statuses([], { ...production, HEED_WEBHOOK_ALLOW_HOSTS: '127.0.0.0/8' }, urls)).toEqual([
      201, 201, 400,
    ])
    // Outside production, this machine is fine; the metadata address never is.
    expect(await statuses([], { NODE_ENV: 'development' }, urls)).toEqual([201, 201, 400])

    const bad = await runHeed(['start', '--database', file, '--webhook-allow', '10.0.0.0/40'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(
      /^heed start: --webhook-allow: '10.0.0.0\/40' has a prefix length that is not a number from 0 to 32\n/,
    )
  })
})
