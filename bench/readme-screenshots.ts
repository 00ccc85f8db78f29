// The README's three dashboard screenshots (overview, cases, report), taken at 1280 px in the light theme
// from `heed demo`'s data, into docs/screenshots/. Not a benchmark: it lives here beside the others that
// drive the demo in Chromium. Run: pnpm --filter @heed/bench run readme-screenshots [-- --size small|full]
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const HEED = fileURLToPath(new URL('../packages/server/bin/heed.js', import.meta.url))
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))

const { values } = parseArgs({ options: { size: { type: 'string', default: 'full' } } })

function startDemo(
  database: string,
): Promise<{ url: string; email: string; password: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [HEED, 'demo', '--size', values.size ?? 'full', '--port', '0', '--database', database],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /Heed demo is running at (\S+)/.exec(output)?.[1]
      const login = /sign in as (\S+) with the password (\S+)/.exec(output)
      if (url && login?.[1] && login[2]) resolve({ url, email: login[1], password: login[2], child })
    })
    child.on('exit', (code) => reject(new Error(`heed demo exited with ${code}:\n${output}`)))
  })
}

const folder = mkdtempSync(join(tmpdir(), 'heed-readme-shots-'))
const demo = await startDemo(join(folder, 'demo.db'))
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })
  page.setDefaultTimeout(60_000)
  await page.goto(`${demo.url}/app/`)
  await page.getByLabel('E-mail').fill(demo.email)
  await page.getByLabel('Password').fill(demo.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  mkdirSync(OUT, { recursive: true })
  // Each page once everything on it has loaded; the window's height, not the whole page, keeps files small.
  const shots: [name: string, path: string, ready: string][] = [
    ['overview', '/app/?period=90d', '.chart canvas'],
    ['cases', '/app/cases', '.case-row'],
    ['report', '/app/report', '.report-chart canvas, .chart canvas'],
  ]
  for (const [name, path, ready] of shots) {
    await page.goto(`${demo.url}${path}`)
    await page.locator(ready).first().waitFor()
    while ((await page.locator('.state-loading').count()) > 0) await page.waitForTimeout(100)
    await page.waitForTimeout(300)
    const file = join(OUT, `${name}.png`)
    await page.screenshot({ path: file })
    console.log(`${file}: ${statSync(file).size} B`)
  }
} finally {
  await browser.close()
  demo.child.kill('SIGTERM')
  rmSync(folder, { recursive: true, force: true })
}
