import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

// What the dashboard's browser tests share: `heed demo` as a process, a person signed in through the form,
// and photographs of a page at both widths with axe-core's verdict in light and dark.

export const HEED = fileURLToPath(new URL('../../packages/server/bin/heed.js', import.meta.url))
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url))
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WIDTHS = [390, 1280] as const

export interface RunningDemo {
  url: string
  secretKey: string
  email: string
  password: string
  database: string
  child: ChildProcess
  exited: Promise<number | string>
}

/** `heed demo --size small` on a free port, resolved once it prints its URL, secret key and login. */
export function startDemo(database: string): Promise<RunningDemo> {
  const child = spawn(
    process.execPath,
    [HEED, 'demo', '--size', 'small', '--port', '0', '--database', database],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code ?? 0)),
  )
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`heed demo did not start:\n${output}`)), 90_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /Heed demo is running at (\S+)/.exec(output)?.[1]
      const secretKey = /Secret key +(sk_\S+)/.exec(output)?.[1]
      const login = /sign in as (\S+) with the password (\S+)/.exec(output)
      if (url && secretKey && login?.[1] && login[2]) {
        clearTimeout(timer)
        resolve({ url, secretKey, email: login[1], password: login[2], database, child, exited })
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

/**
 * A team member with `role`, through `heed user create` and the set-password link: of the demo project, or
 * of `project` in the demo's database.
 */
export async function createMember(
  demo: RunningDemo,
  member: { email: string; password: string; role: 'admin' | 'member' | 'viewer'; project?: string },
): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    HEED,
    'user',
    'create',
    '--email',
    member.email,
    '--role',
    member.role,
    ...(member.project === undefined ? [] : ['--project', member.project]),
    '--database',
    demo.database,
    '--url',
    demo.url,
  ])
  const token = /#token=(\S+)/.exec(stdout)?.[1]
  const set = await fetch(`${demo.url}/auth/v1/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: member.password }),
  })
  expect(set.status).toBe(200)
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/app/`)
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
}

/** Photographs the page at both widths in light, and at 1280 px in dark; axe-core checks it in both. */
export async function capture(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 })
    await page.waitForTimeout(150)
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.addScriptTag({ content: AXE })
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.waitForTimeout(150)
    if (colorScheme === 'dark') {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280-dark.png`), fullPage: true })
    }
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: () => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> }
        }
      ).axe
      const result = await axe.run()
      return result.violations.map(
        (violation) => `${violation.id} ${JSON.stringify(violation.nodes.map((n) => n.target))}`,
      )
    })
    expect(violations, `axe on ${name} (${colorScheme})`).toEqual([])
  }
}

/** Nothing on the page is wider than a 390 px phone (wide tables scroll inside their own region). */
export async function fitsNarrow(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 })
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.setViewportSize({ width: 1280, height: 900 })
}
