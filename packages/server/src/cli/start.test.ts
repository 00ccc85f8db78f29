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
})
