import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, launchChromium } from './support/browser'
import {
  capture,
  createMember,
  fitsNarrow,
  type RunningDemo,
  SCREENSHOTS,
  signIn,
  startDemo,
} from './support/dashboard-session'

// The accounts pages against `heed demo` in Chromium: sort the accounts by health, filter the red ones and
// download them as CSV, open a red account, read why its health is what it is, set its stage by hand and find
// it in the history; a viewer reads the same page but cannot set a stage. Each page and state is photographed
// at 390 and 1280 px (light and dark) into test/.screenshots/ and checked by axe-core.

const WAIT_MS = 15_000

interface AccountRow {
  id: string
  health: { score: number | null; band: string | null } | null
  owner: string | null
}

describe.skipIf(!browserAvailable())('the accounts pages', () => {
  let folder: string
  let demo: RunningDemo
  let browser: Browser
  const viewer = { email: 'viewer@example.com', password: 'viewer-password-1', role: 'viewer' as const }

  const admin = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${demo.url}/admin/v1${path}`, {
      headers: { authorization: `Bearer ${demo.secretKey}` },
    })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    folder = mkdtempSync(join(tmpdir(), 'heed-dashboard-accounts-'))
    ;[demo, browser] = await Promise.all([startDemo(join(folder, 'demo.db')), launchChromium()])
    await createMember(demo, viewer)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    if (demo) {
      demo.child.kill('SIGTERM')
      expect(await demo.exited).toBe(0)
    }
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  it('sorts accounts by health, filters the red ones, opens one, explains it and sets its stage by hand', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)

      // The list's loading state, held until photographed.
      let release = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      await page.route(
        '**/admin/v1/accounts?*',
        async (route) => {
          await held
          await route.continue()
        },
        { times: 1 },
      )
      await page.getByRole('link', { name: 'Accounts', exact: true }).click()
      await page.getByRole('status').filter({ hasText: 'Loading accounts' }).waitFor()
      await capture(page, 'accounts-loading')
      release()
      const table = page.getByRole('table')
      await table.waitFor()
      await capture(page, 'accounts')
      await fitsNarrow(page)

      // Health, best first; again, worst first: the API's order, with the band in words beside the colour.
      await page.getByRole('link', { name: /^Health/ }).click()
      await page.waitForURL(/sort=health$/)
      await page.getByRole('link', { name: /^Health.*sorted descending/ }).click()
      await page.waitForURL(/sort=health&order=asc/)
      await page
        .getByRole('columnheader', { name: /Health/ })
        .and(page.locator('[aria-sort="ascending"]'))
        .waitFor()
      const { accounts: worst } = await admin<{ accounts: AccountRow[] }>(
        '/accounts?sort=health&order=asc&limit=25',
      )
      const firstRow = table.locator('tbody tr').first()
      await expect
        .poll(() => firstRow.locator('th a').getAttribute('href'))
        .toBe(`/app/accounts/${worst[0]?.id}`)
      expect(worst[0]?.health?.band).toBe('red')
      expect(await firstRow.locator('.health').textContent()).toBe(`${worst[0]?.health?.score}Red`)

      // Stage, in journey order (the API's stage sort), latest stages first.
      await page.getByRole('link', { name: /^Stage/ }).click()
      await page.waitForURL(/sort=stage$/)
      const { accounts: byStage } = await admin<{ accounts: AccountRow[] }>('/accounts?sort=stage&limit=25')
      await expect
        .poll(() => firstRow.locator('th a').getAttribute('href'))
        .toBe(`/app/accounts/${byStage[0]?.id}`)

      // Owner, A to Z first: the table follows the API's owner sort.
      await page.getByRole('link', { name: /^Owner/ }).click()
      await page.waitForURL(/sort=owner&order=asc$/)
      const { accounts: byOwner } = await admin<{ accounts: AccountRow[] }>(
        '/accounts?sort=owner&order=asc&limit=25',
      )
      await expect
        .poll(() => firstRow.locator('th a').getAttribute('href'))
        .toBe(`/app/accounts/${byOwner[0]?.id}`)
      expect(byOwner[0]?.owner).toBeTruthy()
      expect(await firstRow.locator('.owner-cell').textContent()).toBe(byOwner[0]?.owner)

      // The red ones only: the filter is in the URL and in the CSV link, whose rows are those accounts.
      await page.getByLabel('Health').selectOption('red')
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.waitForURL(/band=red/)
      await table.waitFor()
      const { accounts: red } = await admin<{ accounts: AccountRow[] }>('/accounts?band=red&limit=100')
      expect(red.length).toBeGreaterThan(0)
      await expect.poll(() => table.locator('tbody tr').count()).toBe(red.length)
      expect(await table.locator('tbody .health-red').count()).toBe(red.length)
      const csvLink = page.getByRole('link', { name: 'Download CSV' })
      const href = (await csvLink.getAttribute('href')) ?? ''
      expect(href).toMatch(/^\/admin\/v1\/exports\/accounts\?/)
      expect(new URLSearchParams(href.split('?')[1]).get('band')).toBe('red')
      const csv = await context.request.get(`${demo.url}${href}`)
      expect(csv.status()).toBe(200)
      const lines = (await csv.text()).trim().split(/\r?\n/)
      expect(lines.length - 1).toBe(red.length)
      await capture(page, 'accounts-red')

      // No match: the empty state says so and offers to clear the filters.
      await page.goto(`${demo.url}/app/accounts?owner=nobody@example.com`)
      await page.getByText('No account matches these filters').waitFor()
      await capture(page, 'accounts-empty')
      await page.getByRole('link', { name: 'Clear the filters' }).click()
      await page.waitForURL(/\/app\/accounts$/)
      await table.waitFor()

      // An account that does not exist: the API's message.
      await page.goto(`${demo.url}/app/accounts/acct_nowhere`)
      await page
        .getByRole('alert')
        .filter({ hasText: /account/i })
        .waitFor()
      await capture(page, 'account-error')

      // A red account: its health explained component by component, and its history drawn.
      const account = red[0]
      if (!account) throw new Error('the demo has no red account')
      const overview = await admin<{
        health: { explanation: { summary: string; components: { key: string; sentence: string }[] } }
      }>(`/accounts/${account.id}/overview`)
      await page.goto(`${demo.url}/app/accounts?band=red`)
      await page.locator(`a[href="/app/accounts/${account.id}"]`).click()
      await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Accounts' }).waitFor()
      const explanation = page.getByRole('table').filter({ has: page.getByText('Component') })
      await explanation.waitFor()
      await page.getByText(overview.health.explanation.summary).waitFor()
      for (const component of overview.health.explanation.components) {
        await explanation.getByText(component.sentence).waitFor()
      }
      expect(await explanation.locator('tbody tr').count()).toBe(
        overview.health.explanation.components.length,
      )
      await page.locator('.chart canvas').waitFor()
      await capture(page, 'account')
      await fitsNarrow(page)

      // A stage by hand needs a reason: the API's message is shown, and nothing changes.
      const form = page.getByRole('form', { name: 'Set the stage by hand' })
      await form.getByLabel('Stage').selectOption('adoption')
      await form.getByRole('button', { name: 'Set stage' }).click()
      await form
        .getByRole('alert')
        .filter({ hasText: /reason/ })
        .waitFor()
      await capture(page, 'account-stage-refused')
      const before = await admin<{ stage: { stage: string } | null }>(`/accounts/${account.id}/stages`)
      expect(before.stage?.stage).not.toBe('adoption')
      await form.getByLabel('Reason').fill('Signed a two-year contract on the call')
      await form.getByRole('button', { name: 'Set stage' }).click()
      await form.getByRole('status').filter({ hasText: 'Stage set to Adoption' }).waitFor()
      const history = page.getByRole('list', { name: 'Stage history, newest first' })
      await history
        .locator('li')
        .first()
        .filter({ hasText: 'Signed a two-year contract on the call' })
        .waitFor()
      expect(await history.locator('li').first().textContent()).toContain(`set by hand by ${demo.email}`)
      const after = await admin<{ stage: { stage: string; source: string } }>(
        `/accounts/${account.id}/stages`,
      )
      expect(after.stage).toMatchObject({ stage: 'adoption', source: 'manual' })
      // The timeline leads with it.
      const timeline = page.getByRole('list', { name: 'Events, newest first' })
      expect(await timeline.locator('li').first().textContent()).toContain('Signed a two-year contract')

      // The timeline pages with the API's cursor.
      const older = page.getByRole('link', { name: 'Older →' })
      if ((await older.count()) > 0) {
        const firstKey = await timeline.locator('li').first().textContent()
        await older.click()
        await page.waitForURL(/after=/)
        await expect.poll(() => timeline.locator('li').first().textContent()).not.toBe(firstKey)
        await page.getByRole('link', { name: '← Newest' }).click()
        await page.waitForURL((url) => !url.search.includes('after='))
      }
    } finally {
      await context.close()
    }
  }, 240_000)

  it('shows a viewer the account but no way to set its stage', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, viewer.email, viewer.password)
      const { accounts } = await admin<{ accounts: AccountRow[] }>('/accounts?sort=health&order=asc&limit=1')
      await page.goto(`${demo.url}/app/accounts/${accounts[0]?.id}`)
      await page.getByText("Viewers cannot change an account's stage.").waitFor()
      expect(await page.getByRole('form', { name: 'Set the stage by hand' }).count()).toBe(0)
      // Nor through the API with the viewer's session.
      const csrf = await page.evaluate(async () => {
        const me = await fetch('/auth/v1/me').then((response) => response.json())
        return (me as { csrfToken: string }).csrfToken
      })
      const refused = await context.request.put(`${demo.url}/admin/v1/accounts/${accounts[0]?.id}/stage`, {
        headers: { 'x-heed-csrf': csrf, 'content-type': 'application/json' },
        data: { stage: 'advocacy', reason: 'a viewer tries' },
      })
      expect(refused.status()).toBe(403)
      await capture(page, 'account-viewer')
    } finally {
      await context.close()
    }
  }, 120_000)

  it('edits the health model and the lifecycle rules in Settings, showing the API refusal of bad bands', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      await page.getByRole('link', { name: 'Settings', exact: true }).click()
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Health' }).click()
      await page.waitForURL(/\/app\/settings\/health$/)
      const model = page.getByRole('form', { name: 'Health model' })
      await model.getByLabel('Green from').waitFor()
      await model.getByLabel('Yellow from').fill('80')
      await model.getByLabel('Green from').fill('70')
      await model.getByRole('button', { name: 'Save health model' }).click()
      await model.getByRole('alert').filter({ hasText: 'yellow must start below green' }).waitFor()
      const unchanged = await admin<{ model: { bands: { yellow: number; green: number } } }>('/health/model')
      expect(unchanged.model.bands).toEqual({ yellow: 50, green: 75 })
      await model.getByLabel('Yellow from').fill('45')
      await model.getByLabel('Green from').fill('70')
      await model.getByLabel('Usage').fill('30')
      await model.getByRole('button', { name: 'Save health model' }).click()
      await model.getByRole('status').filter({ hasText: 'Health model saved' }).waitFor()
      const saved = await admin<{
        model: { bands: { yellow: number; green: number }; components: { usage: { weight: number } } }
      }>('/health/model')
      expect(saved.model.bands).toEqual({ yellow: 45, green: 70 })
      expect(saved.model.components.usage.weight).toBe(30)

      await capture(page, 'settings-health')
      await fitsNarrow(page)

      await page
        .getByRole('navigation', { name: 'Settings' })
        .getByRole('link', { name: 'Lifecycle' })
        .click()
      await page.waitForURL(/\/app\/settings\/lifecycle$/)
      const rules = page.getByRole('form', { name: 'Lifecycle rules' })
      await rules.getByLabel('Onboarding days').fill('45')
      await rules.getByLabel('Yellow').check()
      await rules.getByRole('button', { name: 'Save lifecycle rules' }).click()
      await rules.getByRole('status').filter({ hasText: 'Lifecycle rules saved' }).waitFor()
      const stored = await admin<{ rules: { onboardingDays: number; atRiskBands: string[] } }>(
        '/lifecycle/rules',
      )
      expect(stored.rules.onboardingDays).toBe(45)
      expect([...stored.rules.atRiskBands].sort()).toEqual(['red', 'yellow'])
      await capture(page, 'settings-lifecycle')
      await fitsNarrow(page)
    } finally {
      await context.close()
    }
  }, 120_000)
})
