import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, launchChromium } from './support/browser'
import { requireFreshWidgetBuild } from './support/widget-build'

// What a person trying `npm start` sees: `heed demo` serving its host page, whose buttons must make the
// demo's surveys appear. A change to the demo's survey targeting that hides them fails here.

const HEED = fileURLToPath(new URL('../packages/server/bin/heed.js', import.meta.url))
const WAIT_MS = 10_000

interface RunningDemo {
  url: string
  secretKey: string
  child: ChildProcess
  exited: Promise<number | string>
}

/** Starts `heed demo` with the small data set on a free port, and reads its URL and secret key. */
function startDemo(database: string): Promise<RunningDemo> {
  const child = spawn(
    process.execPath,
    [HEED, 'demo', '--size', 'small', '--port', '0', '--database', database],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code ?? 0)),
  )
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`heed demo did not start:\n${output}`)), 60_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /Heed demo is running at (\S+)/.exec(output)?.[1]
      const secretKey = /Secret key +(sk_\S+)/.exec(output)?.[1]
      if (url && secretKey) {
        clearTimeout(timer)
        resolve({ url, secretKey, child, exited })
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`heed demo exited with ${code}:\n${output}`))
    })
  })
}

describe.skipIf(!browserAvailable())('the demo host page of heed demo', () => {
  let folder: string
  let demo: RunningDemo
  let browser: Browser

  beforeAll(async () => {
    requireFreshWidgetBuild()
    folder = mkdtempSync(join(tmpdir(), 'heed-demo-page-'))
    ;[demo, browser] = await Promise.all([startDemo(join(folder, 'demo.db')), launchChromium()])
  })

  afterAll(async () => {
    await browser?.close()
    if (demo) {
      demo.child.kill('SIGTERM')
      expect(await demo.exited).toBe(0)
    }
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  it('asks the NPS after "Export report", stores the answer with the account, and asks again after a reset', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await page.goto(`${demo.url}/demo`)
      const exportReport = page.getByRole('button', { name: /^Export report/ })
      const nps = page.getByRole('dialog', { name: /recommend Acme Analytics/ })
      await exportReport.click()
      await nps.waitFor()
      await nps.getByRole('radio', { name: '8' }).click()
      const survey = page.locator('heed-survey').getByRole('dialog')
      await survey.getByRole('textbox').fill('Exports are quick now.')
      await survey.getByRole('button', { name: 'Send' }).click()

      const responses = async () => {
        const res = await fetch(`${demo.url}/admin/v1/responses?personId=usr_demo`, {
          headers: { authorization: `Bearer ${demo.secretKey}` },
        })
        return ((await res.json()) as { responses: unknown[] }).responses
      }
      await expect
        .poll(responses, { timeout: WAIT_MS, interval: 100 })
        .toEqual([
          expect.objectContaining({ score: 8, comment: 'Exports are quick now.', accountId: 'acct_demo' }),
        ])

      const reloaded = page.waitForEvent('load')
      await page.getByRole('button', { name: /^Reset demo visitor/ }).click()
      await reloaded
      await exportReport.click()
      await nps.waitFor()
    } finally {
      await context.close()
    }
  })
})
