import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, launchChromium } from './support/browser'
import {
  capture,
  createMember,
  fitsNarrow,
  HEED,
  type RunningDemo,
  SCREENSHOTS,
  signIn,
  startDemo,
} from './support/dashboard-session'
import { startHostPageServer } from './support/host-page-server'
import { WebhookReceiver } from './support/webhook-receiver'

// A CS team's morning in the dashboard, against `heed demo` (the real server on SQLite, with its demo data
// and demo login): sign in, read the overview, open an overdue case, assign it, mark it contacted, fail to
// resolve it without a root cause, resolve it; a viewer cannot change a case. Every page is photographed at
// 390 and 1280 px into test/.screenshots/ (ignored by git), and axe-core checks each page (injected, so the
// contexts bypass the page's content security policy, which forbids inline scripts).

const WAIT_MS = 15_000

describe.skipIf(!browserAvailable())('the dashboard', () => {
  let folder: string
  let demo: RunningDemo
  let browser: Browser
  const viewer = { email: 'viewer@example.com', password: 'viewer-password-1' }

  const admin = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${demo.url}/admin/v1${path}`, {
      headers: { authorization: `Bearer ${demo.secretKey}` },
    })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }

  const adminSend = async (method: string, path: string, body: unknown): Promise<void> => {
    const response = await fetch(`${demo.url}/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${demo.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.ok, `${method} ${path}: ${await response.clone().text()}`).toBe(true)
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    folder = mkdtempSync(join(tmpdir(), 'heed-dashboard-'))
    const database = join(folder, 'demo.db')
    ;[demo, browser] = await Promise.all([startDemo(database), launchChromium()])
    await createMember(demo, { ...viewer, role: 'viewer' })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    if (demo) {
      demo.child.kill('SIGTERM')
      expect(await demo.exited).toBe(0)
    }
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  it('takes a CS manager through the morning: overview, responses, and an overdue case to resolved', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await page.goto(`${demo.url}/app/`)
      await page.getByRole('heading', { name: 'Sign in to Heed' }).waitFor()
      await capture(page, 'sign-in')
      // A wrong password shows the API's message.
      await page.getByLabel('E-mail').fill(demo.email)
      await page.getByLabel('Password').fill('not the password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').filter({ hasText: 'wrong e-mail or password' }).waitFor()

      await signIn(page, demo.url, demo.email, demo.password)
      await page.locator('.score').first().waitFor()
      await page.locator('.chart canvas').waitFor()
      // The NPS trend's benchmark is labelled as directional, in the legend and for screen readers.
      await page.getByText('B2B SaaS benchmark, 30 to 40 (directional)').first().waitFor()
      await page.getByRole('img', { name: /beside the B2B SaaS benchmark/ }).waitFor()
      // Response rate and participation, follow-up within SLA, and the top themes, each as the API counts them.
      const range = { from: new Date(Date.now() - 30 * 86_400_000).toISOString() }
      const reach = await admin<{ participation: { respondents: number; shown: number } }>(
        `/scores/summary?kind=nps&include=participation&from=${encodeURIComponent(range.from)}`,
      )
      const reachCard = page.getByRole('article', { name: 'Who answers (NPS)' })
      await reachCard.getByText('Participation').waitFor()
      await reachCard
        .getByText(
          `${reach.participation.respondents.toLocaleString('en')} of ${reach.participation.shown.toLocaleString('en')} people asked answered`,
        )
        .waitFor()
      await page
        .getByRole('article', { name: 'Detractors followed up within SLA' })
        .getByText(/contacted in time/)
        .waitFor()
      const top = await admin<{ themes: { label: string }[] }>(
        `/scores/themes?kind=nps&from=${encodeURIComponent(range.from)}`,
      )
      const themesCard = page.getByRole('article', { name: 'Top themes in comments' })
      await themesCard.getByRole('listitem').first().waitFor()
      expect(await themesCard.getByRole('link').allTextContents()).toEqual(
        top.themes.map((theme) => theme.label),
      )
      await capture(page, 'overview')

      await page.getByRole('link', { name: 'Responses' }).click()
      await page.getByRole('list', { name: 'Responses' }).waitFor()
      await page.getByRole('link', { name: 'Detractors' }).click()
      await page.waitForURL(/bucket=detractor/)
      await page.getByRole('list', { name: 'Responses' }).waitFor()
      await capture(page, 'responses')

      // A comment's tags corrected in place, and the correction attributed to the signed-in person.
      await page.getByRole('button', { name: 'Correct tags' }).first().click()
      // The button makes way for the form: the only one open.
      const editor = page.getByRole('form', { name: 'Correct the tags' })
      await editor.getByRole('checkbox').first().waitFor()
      await editor.getByLabel('Sentiment').selectOption('positive')
      await capture(page, 'responses-tag-editor')
      await editor.getByRole('button', { name: 'Save tags' }).click()
      await editor.waitFor({ state: 'detached' })
      const { responses } = await admin<{ responses: { id: string; sentiment: string }[] }>(
        '/responses?bucket=detractor&hasComment=true&limit=25',
      )
      const positive = responses.filter((response) => response.sentiment === 'positive')
      expect(positive.length).toBeGreaterThan(0)
      const tags = await admin<unknown>(`/responses/${positive[0]?.id}/tags`)
      expect(JSON.stringify(tags)).toContain(demo.email)

      const { cases } = await admin<{ cases: { id: string; overdue: boolean; status: string }[] }>(
        '/cases?status=open&overdue=true&limit=1',
      )
      const overdue = cases[0]
      if (!overdue) throw new Error('the demo has no overdue open case')
      await page.getByRole('link', { name: 'Cases' }).click()
      await page.getByRole('list', { name: 'Cases' }).waitFor()
      // Overdue first.
      await expect.poll(() => page.locator('.case-row').first().locator('.overdue').count()).toBe(1)
      await capture(page, 'cases')

      await page.goto(`${demo.url}/app/cases/${overdue.id}`)
      await page.getByRole('heading', { name: /Case for a score of/ }).waitFor()
      await page.getByLabel('Owner').selectOption(demo.email)
      await page
        .getByRole('status')
        .filter({ hasText: `Assigned to ${demo.email}` })
        .waitFor()
      await page.getByRole('button', { name: /Mark contacted/ }).click()
      await page.getByRole('status').filter({ hasText: 'Marked contacted' }).waitFor()
      await page.getByRole('button', { name: 'Resolve' }).click()
      const refusal = page.getByRole('alert')
      await refusal.waitFor()
      expect(await refusal.textContent()).toMatch(/root ?cause/i)
      await capture(page, 'case')
      const cause = await page.locator('#root-cause option').nth(1).getAttribute('value')
      const causeLabel = await page.locator('#root-cause option').nth(1).textContent()
      await page.getByLabel('Root cause').selectOption(cause ?? '')
      await page.getByRole('button', { name: 'Resolve' }).click()
      await page.getByRole('status').filter({ hasText: 'Resolved' }).waitFor()

      const detail = await admin<{
        case: { status: string; owner: string; rootCause: string }
        history: { by: string; field: string }[]
      }>(`/cases/${overdue.id}`)
      expect(detail.case).toMatchObject({ status: 'resolved', owner: demo.email, rootCause: cause })
      const mine = detail.history.filter((entry) => entry.by === demo.email).map((entry) => entry.field)
      expect(mine).toEqual(expect.arrayContaining(['owner', 'status', 'rootCause']))

      // The resolved case counts in the Pareto of root causes (the demo's answers span a year).
      await page.getByRole('link', { name: 'Root causes' }).click()
      await page.getByRole('link', { name: '12 months' }).click()
      await page.waitForURL(/period=12mo/)
      await page.locator('.pareto canvas').waitFor()
      await page
        .locator('.table tbody tr')
        .filter({ hasText: causeLabel ?? '' })
        .waitFor()
      await capture(page, 'root-causes')

      await page.getByRole('link', { name: 'Surveys' }).click()
      await page.getByRole('list', { name: 'Surveys' }).waitFor()
      await capture(page, 'surveys')

      // An admin invites a colleague from the dashboard and is shown their one-time link.
      await page.getByRole('link', { name: 'Settings' }).click()
      await page.getByLabel('Invite by e-mail').fill('colleague@example.com')
      await page.getByLabel('Role').selectOption('member')
      await page.getByRole('button', { name: 'Invite' }).click()
      const link = await page
        .getByRole('status')
        .filter({ hasText: 'colleague@example.com' })
        .locator('code')
        .textContent()
      expect(link).toMatch(new RegExp(`^${demo.url}/app/set-password#token=pw_`))
      await page.locator('td', { hasText: 'member (invited)' }).waitFor()
      await capture(page, 'settings')

      // The link sets the colleague's password in the dashboard.
      const colleague = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
      try {
        const theirs = await colleague.newPage()
        theirs.setDefaultTimeout(WAIT_MS)
        await theirs.goto(link ?? '')
        await theirs.getByLabel('New password').fill('colleague-password')
        await theirs.getByLabel('The same again').fill('colleague-password')
        await capture(theirs, 'set-password')
        await theirs.getByRole('button', { name: 'Set password' }).click()
        await theirs.getByRole('status').filter({ hasText: 'Your password is set' }).waitFor()
        await signIn(theirs, demo.url, 'colleague@example.com', 'colleague-password')
      } finally {
        await colleague.close()
      }

      // Bulk: the first two cases of the queue assigned at once.
      const queue = await admin<{ cases: { id: string }[] }>('/cases?status=open,contacted&limit=2')
      await page.getByRole('link', { name: 'Cases' }).click()
      const picks = page.getByRole('list', { name: 'Cases' }).getByRole('checkbox')
      await picks.nth(0).check()
      await picks.nth(1).check()
      await capture(page, 'cases-bulk')
      await page.getByRole('toolbar').getByRole('button', { name: 'Assign to me' }).click()
      await page.getByRole('status').filter({ hasText: 'Assigned to you: 2 cases' }).waitFor()
      for (const { id } of queue.cases) {
        expect((await admin<{ case: { owner: string } }>(`/cases/${id}`)).case.owner).toBe(demo.email)
      }
    } finally {
      await context.close()
    }
  }, 240_000)

  it('explains how to send revenue when a project has none, and reports a month with nothing in it', async () => {
    // A second project in the demo's database, with no revenue at all, and an admin of it.
    const database = join(folder, 'demo.db')
    const project = JSON.parse(
      (
        await promisify(execFile)(process.execPath, [
          HEED,
          'project',
          'create',
          '--name',
          'Empty',
          '--json',
          '--database',
          database,
        ])
      ).stdout,
    ) as { id: string }
    await createMember(demo, {
      email: 'empty@example.com',
      password: 'empty-password-1',
      role: 'admin',
      project: project.id,
    })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, 'empty@example.com', 'empty-password-1')
      await page.getByRole('link', { name: 'Revenue' }).click()
      await page.getByText('No revenue yet').waitFor()
      await page.getByText('POST /admin/v1/revenue/changes').waitFor()
      await page.getByText(/heed import revenue changes.csv --project prj_/).waitFor()
      expect(await page.locator('canvas').count()).toBe(0)
      await capture(page, 'revenue-empty')
      // Usage with no events and no feature catalogue: how to send both.
      await page.getByRole('link', { name: 'Usage', exact: true }).click()
      await page.getByText('No product usage in this range').waitFor()
      await page.getByText('POST /ingest/v1/events').waitFor()
      await page.getByText('No features defined yet').waitFor()
      await page.getByText(/^PUT \/admin\/v1\/features/).waitFor()
      expect(await page.locator('canvas').count()).toBe(0)
      await capture(page, 'usage-empty')
      await fitsNarrow(page)
      // The report of an empty month: every rate is undefined, shown as a dash, and no goal is set.
      await page.getByRole('link', { name: 'Report' }).click()
      const churn = page.getByRole('article', { name: 'Churn' })
      await churn.getByText('No goal or no result').waitFor()
      expect(await churn.locator('.fact-big').first().textContent()).toBe('—')
    } finally {
      await context.close()
    }
  }, 120_000)

  it('shows revenue and the monthly report, whose insights the team writes, reloads and copies as Markdown', async () => {
    // Eight of the demo's accounts (so movers have names and owners) with a year of revenue, the month
    // before this one holding a churn, an expansion, a downgrade, a reactivation and a new account.
    const { accounts } = await admin<{ accounts: { id: string }[] }>('/accounts?limit=8')
    const ids = accounts.map((account) => account.id)
    expect(ids.length).toBe(8)
    const now = new Date()
    const at = (monthsAgo: number, day = 5) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, day, 12)).toISOString()
    const paying: [number, number, number][] = [
      // account, months ago, MRR in cents
      [0, 13, 49_000],
      [0, 5, 69_000],
      [1, 12, 29_000],
      [1, 2, 19_000],
      [2, 11, 99_000],
      [2, 1, 0],
      [3, 10, 15_000],
      [3, 1, 25_000],
      [4, 9, 39_000],
      [4, 1, 29_000],
      [5, 8, 9_900],
      [5, 4, 0],
      [5, 1, 12_900],
      [6, 6, 59_000],
      [7, 1, 19_000],
    ]
    // In the reporting currency the demo chose, so that no exchange rate is needed.
    const { reportingCurrency: currency } = await admin<{ reportingCurrency: string }>('/revenue/settings')
    await adminSend('POST', '/revenue/changes', {
      changes: paying.map(([account, monthsAgo, mrr]) => ({
        accountId: ids[account],
        at: at(monthsAgo),
        mrr,
        currency,
        plan: mrr >= 40_000 ? 'Business' : 'Starter',
      })),
    })
    // And this month so far: one account grows (an hour ago, or this month's first minute if it is younger).
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)
    await adminSend('POST', '/revenue/changes', {
      changes: [
        {
          accountId: ids[6],
          at: new Date(Math.max(now.getTime() - 3_600_000, monthStart + 60_000)).toISOString(),
          mrr: 79_000,
          currency,
          plan: 'Business',
        },
      ],
    })
    await adminSend('PUT', '/goals', {
      goals: [
        { metric: 'netRevenueRetention', comparison: '>=', target: 1 },
        { metric: 'expansionRate', comparison: '>', target: 0.03 },
        { metric: 'contractionRate', comparison: '<', target: 0.01 },
        { metric: 'revenueChurnRate', comparison: '<', target: 0.015 },
        { metric: 'nps', comparison: '>=', target: 40 },
      ],
    })
    const thisMonth = now.toISOString().slice(0, 7)
    const lastMonth = at(1).slice(0, 7)
    await adminSend('PUT', `/costs/${thisMonth}`, {
      salesAndMarketing: 1_200_000,
      customerSuccess: 300_000,
      support: 150_000,
      productDevelopment: 900_000,
      grossMarginPercent: 78.5,
    })

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      await page.getByRole('link', { name: 'Revenue' }).click()
      await page.getByRole('heading', { name: 'Revenue', level: 1 }).waitFor()
      await page
        .getByRole('img', { name: /MRR movements per period/ })
        .locator('canvas')
        .waitFor()
      await page
        .getByRole('img', { name: /revenue retention/ })
        .locator('canvas')
        .waitFor()
      // The movements' table fallback holds the API's numbers; last month's net change is the seeded
      // +$190 new + $100 expansion − $100 downgrade − $990 churn + $129 reactivation = −$671, plus whatever
      // else the demo's accounts did that month.
      const movements = await admin<{ points: { mrr: { start: number; end: number } }[] }>(
        `/revenue/movements?from=${encodeURIComponent(at(11, 15))}&to=${encodeURIComponent(now.toISOString())}`,
      )
      const rows = page.locator('table', { hasText: 'MRR movements per period' }).locator('tbody tr')
      expect(await rows.count()).toBe(movements.points.length)
      const last = movements.points.at(-2)
      const net = ((last?.mrr.end ?? 0) - (last?.mrr.start ?? 0)) / 100
      expect(
        await rows
          .nth(movements.points.length - 2)
          .locator('td')
          .nth(6)
          .textContent(),
      ).toBe(
        new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(net),
      )
      // The cohort heat map is a real table with its values written in the cells.
      const cohorts = page.getByRole('region', { name: /Cohorts/ }).getByRole('table')
      // How many cohorts start inside the range depends on the demo's own history; the seeded ones are there.
      expect(await cohorts.locator('tbody tr').count()).toBeGreaterThanOrEqual(1)
      expect(await cohorts.locator('td.heat').first().textContent()).toMatch(/^\d+%\d+\/\d+$/)
      // A figure the API cannot define is shown with its reason, never as 0.
      const economics = await admin<{ months: { economics: Record<string, { reason?: string }> }[] }>(
        '/revenue/economics',
      )
      const reasons = Object.values(economics.months.at(-1)?.economics ?? {}).flatMap((figure) =>
        figure.reason ? [figure.reason] : [],
      )
      for (const reason of new Set(reasons)) await page.getByText(reason).first().waitFor()
      // The largest movers of the range's last period, as the API lists them.
      const { movers } = await admin<{
        movers: Record<string, { accountId: string; name: string | null }[]>
      }>(
        `/revenue/movements?from=${encodeURIComponent(at(11, 15))}&to=${encodeURIComponent(now.toISOString())}`,
      )
      const kinds = { new: 'New', expansion: 'Expansion', contraction: 'Contraction', churn: 'Churn' }
      for (const [kind, label] of Object.entries(kinds)) {
        const first = movers[kind]?.[0]
        const list = page.getByRole('region', { name: label, exact: true })
        if (first)
          await list
            .getByRole('listitem')
            .first()
            .getByText(first.name ?? first.accountId)
            .waitFor()
        else await list.getByText('None this period.').waitFor()
      }
      await page.getByText('Revenue at risk').waitFor()
      await capture(page, 'revenue')
      await fitsNarrow(page)

      // The range, period and split live in the URL.
      await page.getByRole('link', { name: 'By plan' }).click()
      await page.waitForURL(/split=plan/)
      // One row per value of the accounts' plan trait.
      await page.getByRole('region', { name: 'Revenue by plan' }).locator('tbody tr').first().waitFor()
      await page.getByRole('link', { name: '24 months' }).click()
      await page.waitForURL(/months=24/)
      expect(page.url()).toContain('split=plan')
      await page
        .getByRole('img', { name: /MRR movements per period/ })
        .locator('canvas')
        .waitFor()
      await page.getByRole('link', { name: 'By quarter' }).click()
      await page.waitForURL(/period=quarter/)
      await page.getByRole('heading', { name: 'MRR movements by quarter' }).waitFor()
      await page.getByRole('heading', { name: 'Cohorts: MRR kept after each quarter' }).waitFor()
      await page
        .getByRole('img', { name: /MRR movements per period/ })
        .locator('canvas')
        .waitFor()

      // The monthly report: goals met and missed, insights written inline and kept.
      await page.getByRole('link', { name: 'Report' }).click()
      await page.getByRole('heading', { name: `Monthly report, ${lastMonth}` }).waitFor()
      const churn = page.getByRole('article', { name: 'Churn' })
      await churn.getByText(/^Goal (met|missed)$/).waitFor()
      await churn
        .getByRole('img', { name: /Churn over the last twelve months/ })
        .locator('canvas')
        .waitFor()
      const insight =
        'Acme left for a cheaper tool after the price change; call every Business account this week.'
      await churn.getByRole('button', { name: 'Write' }).click()
      await churn.getByRole('textbox', { name: 'Churn: key insights' }).fill(insight)
      await churn.getByRole('button', { name: 'Save' }).click()
      await churn.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
      await page.reload()
      await page.getByRole('article', { name: 'Churn' }).getByText(insight).waitFor()
      await page.getByRole('article', { name: 'Churn' }).getByText(demo.email).waitFor()

      await page.getByRole('button', { name: 'Copy as Markdown' }).click()
      await page.getByRole('status').filter({ hasText: 'Copied the report as Markdown' }).waitFor()
      const copied = await page.evaluate(() => navigator.clipboard.readText())
      expect(copied).toContain(`# Customer-success report, ${lastMonth}`)
      expect(copied).toContain(insight)
      const markdown = await fetch(`${demo.url}/admin/v1/reports/monthly/${lastMonth}?format=md`, {
        headers: { authorization: `Bearer ${demo.secretKey}` },
      })
      expect(await markdown.text()).toContain(insight)
      await capture(page, 'report')
      await fitsNarrow(page)

      // Printed, the report is the report alone: no navigation, no buttons.
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('.topbar').isVisible()).toBe(false)
      expect(await page.getByRole('button', { name: 'Copy as Markdown' }).isVisible()).toBe(false)
      await page.screenshot({ path: join(SCREENSHOTS, 'report-print.png'), fullPage: true })
      await page.emulateMedia({ media: 'screen' })
    } finally {
      await context.close()
    }

    // A viewer reads the insights but has nothing to write them with.
    const viewing = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await viewing.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, viewer.email, viewer.password)
      await page.goto(`${demo.url}/app/report?month=${lastMonth}`)
      await page.getByRole('article', { name: 'Churn' }).getByText('Acme left for a cheaper tool').waitFor()
      expect(await page.getByRole('button', { name: /^(Write|Edit)$/ }).count()).toBe(0)
    } finally {
      await viewing.close()
    }
  }, 240_000)

  it('reads usage on the demo data: active people by whole weeks, sessions and feature adoption, every choice in the URL', async () => {
    interface Counts {
      dau: number
      wau: number
      mau: number
      stickiness: number | null
    }
    interface Trend {
      timeZone: string
      points: { label: string; start: string; people: Counts; accounts: Counts }[]
    }
    interface Adoption {
      features: { key: string; label: string; total: { people: number; peopleShare: number | null } }[]
    }
    // As the page shows a mean count: one decimal below ten.
    const shown = (value: number) =>
      Number.isInteger(value) || value >= 10 ? Math.round(value).toLocaleString('en') : value.toFixed(1)
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      const trendAnswer = page.waitForResponse((r) => r.url().includes('/admin/v1/usage/trend'))
      const adoptionAnswer = page.waitForResponse((r) => r.url().includes('/admin/v1/features/adoption'))
      await page.getByRole('link', { name: 'Usage', exact: true }).click()
      await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor()
      const asked = new URL((await trendAnswer).url())
      const trend = (await (await trendAnswer).json()) as Trend
      const adoption = (await (await adoptionAnswer).json()) as Adoption

      // Thirteen whole ISO weeks in the project's zone, up to the Monday that starts this week.
      expect(asked.searchParams.get('period')).toBe('week')
      expect(asked.searchParams.get('timeZone')).toBe('Europe/Berlin')
      const to = new Date(asked.searchParams.get('to') ?? '')
      const berlin = new Intl.DateTimeFormat('en', {
        timeZone: 'Europe/Berlin',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
      expect(berlin.format(to)).toBe('Mon 00:00')
      expect(Date.now() - to.getTime()).toBeLessThan(7 * 86_400_000)
      expect(trend.points).toHaveLength(13)
      // The page's question answers the same with the secret key.
      expect(await admin<Trend>(`/usage/trend${asked.search}`)).toEqual(trend)

      // The last whole week's figures, as the API counts them: real people, not an empty chart.
      const last = trend.points.at(-1) as Trend['points'][number]
      expect(last.people.mau).toBeGreaterThan(0)
      await page.getByRole('article', { name: `DAU ${shown(last.people.dau)}` }).waitFor()
      await page.getByRole('article', { name: `MAU ${shown(last.people.mau)}` }).waitFor()
      await page.getByRole('img', { name: /^Active people per week/ }).waitFor()
      await page.getByRole('img', { name: /^Stickiness of people per week/ }).waitFor()
      await page.getByRole('img', { name: /^Sessions per week/ }).waitFor()
      expect(await page.locator('.chart canvas').count()).toBe(3)

      // Feature adoption: the catalogue's features, most adopted first, with the API's counts.
      const ranked = [...adoption.features].sort(
        (a, b) => (b.total.peopleShare ?? -1) - (a.total.peopleShare ?? -1),
      )
      const top = ranked[0] as Adoption['features'][number]
      expect(top.total.people).toBeGreaterThan(0)
      const rows = page.getByRole('region', { name: 'Feature adoption' }).locator('tbody tr')
      expect(await rows.count()).toBe(adoption.features.length)
      const first = rows.first()
      expect(await first.locator('th').textContent()).toBe(top.label)
      expect(await first.locator('td').first().textContent()).toBe(String(top.total.people))
      expect(await first.locator('td').nth(1).textContent()).toBe(
        `${((top.total.peopleShare ?? 0) * 100).toFixed(1)}%`,
      )
      await capture(page, 'usage')
      await fitsNarrow(page)

      // Every choice is a link: by day from the keyboard, then 12 months (by month), then accounts.
      await page
        .getByRole('navigation', { name: 'Granularity' })
        .getByRole('link', { name: 'By day' })
        .focus()
      await page.keyboard.press('Enter')
      await page.waitForURL(/\/app\/usage\?by=day$/)
      await page.getByRole('heading', { name: 'Active people by day' }).waitFor()
      // Who is counted is the page's choice, not the API's: the year's one answer serves both.
      const wholeAnswer = page.waitForResponse((r) => r.url().includes('/admin/v1/usage/trend'))
      await page.getByRole('link', { name: '12 months' }).click()
      await page.waitForURL(/\/app\/usage\?period=12mo$/)
      await page.getByRole('heading', { name: 'Active people by month' }).waitFor()
      await page.getByRole('navigation', { name: 'Count' }).getByRole('link', { name: 'Accounts' }).click()
      await page.waitForURL(/period=12mo&who=accounts$/)
      await page.getByRole('heading', { name: 'Active accounts by month' }).waitFor()
      const wholeYear = (await (await wholeAnswer).json()) as Trend

      // A segment of accounts narrows the figures, and its chip takes it away.
      const segmentAnswer = page.waitForResponse(
        (r) => r.url().includes('/admin/v1/usage/trend') && r.url().includes('segment=plan'),
      )
      await page.getByRole('button', { name: 'Segment…' }).click()
      await page.getByLabel('Account trait').fill('plan')
      await page.getByLabel('is', { exact: true }).fill('enterprise')
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.waitForURL(/segment=plan%3Aenterprise$/)
      const segmented = (await (await segmentAnswer).json()) as Trend
      const accountsActive = (t: Trend) => t.points.reduce((sum, point) => sum + point.accounts.mau, 0)
      expect(accountsActive(segmented)).toBeGreaterThan(0)
      expect(accountsActive(segmented)).toBeLessThan(accountsActive(wholeYear))
      const lastSegmented = segmented.points.at(-1) as Trend['points'][number]
      await page.getByRole('article', { name: `MAU ${shown(lastSegmented.accounts.mau)}` }).waitFor()
      await page.getByText('accounts whose plan is enterprise').waitFor()
      await page.getByRole('link', { name: 'Remove the segment plan = enterprise' }).click()
      await page.waitForURL(/period=12mo&who=accounts$/)

      // A failed answer is an error with a way to try again, and the rest of the page still reads.
      await page.route('**/admin/v1/features/adoption**', (route) =>
        route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal', message: 'The adoption could not be read.' } }),
        }),
      )
      await page.reload()
      await page.getByRole('alert').filter({ hasText: 'The adoption could not be read.' }).waitFor()
      await page.getByRole('heading', { name: 'Active accounts by month' }).waitFor()
      await page.unroute('**/admin/v1/features/adoption**')
      await page.getByRole('button', { name: 'Try again' }).click()
      await page.getByRole('region', { name: 'Feature adoption' }).waitFor()
    } finally {
      await context.close()
    }
  }, 180_000)

  it('creates a survey with a live preview by the widget, which then asks exactly it on another origin', async () => {
    const question = 'How likely are you to recommend the Heed checkout to a colleague?'
    const followUp = 'What is the one thing we should change first?'
    const detractorFollowUp = 'What let you down at checkout?'
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    const host = await startHostPageServer()
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      await page.getByRole('link', { name: 'Surveys' }).click()
      await page.getByRole('link', { name: 'New survey' }).click()
      await page.waitForURL(/\/app\/surveys\/new$/)
      // The preview is the widget's own dialog, in its shadow root, with the starting words of an NPS.
      const preview = page.locator('.preview-stage')
      await preview.getByRole('dialog').waitFor()
      expect(await preview.getByRole('radio').count()).toBe(11)

      await page.getByLabel('Name').fill('Checkout NPS')
      await page.getByLabel('Question', { exact: true }).fill(question)
      await page.getByLabel('Follow-up question').fill(followUp)
      await page.getByText('A different follow-up by score').click()
      await page.getByLabel('After a low score (detractors)').fill(detractorFollowUp)
      // The preview follows the form as it is typed, and answers like the widget does.
      await preview.getByRole('heading', { name: question }).waitFor()
      await preview.getByRole('radio', { name: '3' }).click()
      await preview.getByText(detractorFollowUp).waitFor()
      await capture(page, 'survey-new')

      // An event trigger without its event's name is refused, with the API's message naming the field.
      await page.getByLabel('Shown after').selectOption('event')
      await page.getByRole('button', { name: 'Create survey' }).click()
      const refusal = page.getByRole('alert').filter({ hasText: 'targeting.triggers.0.name' })
      await refusal.waitFor()
      expect(await page.getByLabel('Event name').getAttribute('aria-invalid')).toBe('true')
      await capture(page, 'survey-new-error')
      await page.getByLabel('Shown after').selectOption('pageview')
      await page.getByRole('button', { name: 'Create survey' }).click()
      await page.waitForURL(/\/app\/surveys\/srv_/)
      await page.getByRole('status').filter({ hasText: 'Created as a draft' }).waitFor()
      const id = new URL(page.url()).pathname.split('/').at(-1) ?? ''
      const created = await admin<{ survey: Record<string, unknown> }>(`/surveys/${id}`)
      expect(created.survey).toMatchObject({
        name: 'Checkout NPS',
        kind: 'nps',
        status: 'draft',
        question: { en: question },
        followUp: { default: { en: followUp }, detractor: { en: detractorFollowUp } },
        targeting: { triggers: [{ type: 'pageview' }], samplePercent: 100, displayLimit: 1 },
      })
      await page.getByRole('button', { name: 'Activate Checkout NPS' }).click()
      await page.getByRole('status').filter({ hasText: 'Checkout NPS is active' }).waitFor()
      await capture(page, 'survey-edit')

      // Edited: the name changes, and nothing the form does not show is lost.
      await page.getByLabel('Name').fill('Checkout NPS, all pages')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
      const edited = await admin<{ survey: Record<string, unknown> }>(`/surveys/${id}`)
      expect(edited.survey).toMatchObject({ name: 'Checkout NPS, all pages', status: 'active' })

      // A customer's page on another origin loads the widget, which asks exactly this survey.
      const { project } = await admin<{ project: { publicKey: string } }>('/project')
      host.serve(
        `<!doctype html><html lang="en"><head><title>Shop</title><script>
window.heed=window.heed||function(){(heed.q=heed.q||[]).push(arguments)};(function(d,s){s=d.createElement("script");s.async=!0;s.src=${JSON.stringify(demo.url)}+"/widget/heed.js";d.head.appendChild(s)})(document);
heed("init",{key:${JSON.stringify(project.publicKey)},host:${JSON.stringify(demo.url)}});
</script></head><body><main><h1>Checkout</h1></main></body></html>`,
      )
      const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      try {
        const shop = await visitor.newPage()
        shop.setDefaultTimeout(WAIT_MS)
        await shop.goto(host.origin)
        const asked = shop.locator('heed-survey').getByRole('dialog')
        await asked.getByRole('heading', { name: question }).waitFor()
        expect(await shop.locator('heed-survey').count()).toBe(1)
        await asked.getByRole('radio', { name: '2' }).click()
        await asked.getByText(detractorFollowUp).waitFor()
      } finally {
        await visitor.close()
      }
    } finally {
      await host.close()
      await context.close()
    }
  }, 180_000)

  it('keeps each settings section at its own URL: project, goals, themes, webhooks, keys, revenue', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    const receiver = new WebhookReceiver()
    await receiver.up()
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      const settings = page.getByRole('navigation', { name: 'Settings' })

      // The time zone: a wrong one is refused with the API's message, a right one is kept.
      await page.goto(`${demo.url}/app/settings/project`)
      await page.getByLabel('Time zone').fill('Mars/Olympus')
      await page.getByRole('button', { name: 'Save project' }).click()
      await page.getByRole('alert').filter({ hasText: 'timeZone' }).waitFor()
      expect(await page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true')
      await page.getByLabel('Time zone').fill('Europe/Lisbon')
      await page.getByRole('button', { name: 'Save project' }).click()
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
      expect((await admin<{ project: { timeZone: string } }>('/project')).project.timeZone).toBe(
        'Europe/Lisbon',
      )
      await capture(page, 'settings-project')

      // Goals: rates typed in percent, sent as fractions.
      await settings.getByRole('link', { name: 'Goals' }).click()
      await page.waitForURL(/\/app\/settings\/goals$/)
      await page.getByLabel('Detractors followed up within SLA: goal').selectOption('>=')
      await page.getByLabel('Detractors followed up within SLA: target in percent').fill('92.5')
      await page.getByRole('button', { name: 'Save goals' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: /Saved \d+ goals?\./ })
        .waitFor()
      const { goals } = await admin<{ goals: { metric: string; comparison: string; target: number }[] }>(
        '/goals',
      )
      expect(goals).toContainEqual({ metric: 'detractorFollowUpWithinSla', comparison: '>=', target: 0.925 })
      await capture(page, 'settings-goals')

      // A theme of the project's own.
      await settings.getByRole('link', { name: 'Themes' }).click()
      await page.waitForURL(/\/app\/settings\/themes$/)
      await page.getByLabel('Key', { exact: true }).fill('invoices')
      await page.getByLabel('Label', { exact: true }).fill('Invoices')
      await page.getByLabel('Keywords (comma or one a line)').fill('invoice, receipt')
      await page.getByRole('button', { name: 'Add theme' }).click()
      await page.getByRole('status').filter({ hasText: 'Saved the theme invoices' }).waitFor()
      await page.getByRole('row').filter({ hasText: 'Invoices' }).waitFor()
      const { themes } = await admin<{ themes: { key: string; keywords: string[] }[] }>('/taxonomy')
      expect(themes.find((theme) => theme.key === 'invoices')?.keywords).toEqual(['invoice', 'receipt'])
      await capture(page, 'settings-themes')

      // A webhook to a receiver on this machine, its secret shown once, and a test event that arrives.
      await settings.getByRole('link', { name: 'Webhooks' }).click()
      await page.waitForURL(/\/app\/settings\/webhooks$/)
      await page.getByLabel('URL').fill(receiver.url)
      await page.getByRole('button', { name: 'Add webhook' }).click()
      await page.getByRole('status').filter({ hasText: 'signing secret' }).locator('code').waitFor()
      const hooks = page.getByRole('list', { name: 'Webhooks' })
      await hooks.locator('strong', { hasText: receiver.url }).waitFor()
      await hooks.getByRole('button', { name: `Send test to ${receiver.url}` }).click()
      await page.getByRole('status').filter({ hasText: 'A test event is on its way' }).waitFor()
      await expect.poll(() => receiver.received.length, { timeout: 60_000 }).toBeGreaterThan(0)
      await capture(page, 'settings-webhooks')
      await hooks.getByRole('button', { name: `Remove ${receiver.url}` }).click()
      await hooks.getByRole('button', { name: `Really remove? ${receiver.url}` }).click()
      await page.getByText('No webhooks yet').waitFor()
      expect((await admin<{ webhooks: unknown[] }>('/webhooks')).webhooks).toEqual([])

      // Keys: the public key, explained, and a secret key shown once.
      await settings.getByRole('link', { name: 'Keys' }).click()
      const { project } = await admin<{ project: { publicKey: string } }>('/project')
      await page.getByText(project.publicKey).waitFor()
      await page.getByLabel("New key's label").fill('Nightly export')
      await page.getByRole('button', { name: 'Make a secret key' }).click()
      const made = await page
        .getByRole('status')
        .filter({ hasText: 'Copy Nightly export now' })
        .locator('code')
        .textContent()
      const check = await fetch(`${demo.url}/admin/v1/project`, {
        headers: { authorization: `Bearer ${made}` },
      })
      expect(check.status).toBe(200)
      await capture(page, 'settings-keys')

      // The reporting currency: a code that is none is refused, naming the field.
      await settings.getByRole('link', { name: 'Revenue' }).click()
      const { reportingCurrency } = await admin<{ reportingCurrency: string }>('/revenue/settings')
      await page.getByLabel('Reporting currency').fill('EU')
      await page.getByRole('button', { name: 'Save currency' }).click()
      await page.getByRole('alert').filter({ hasText: 'reportingCurrency' }).waitFor()
      await page.getByLabel('Reporting currency').fill(reportingCurrency.toLowerCase())
      await page.getByRole('button', { name: 'Save currency' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: `reported in ${reportingCurrency}` })
        .waitFor()
      await capture(page, 'settings-revenue')
    } finally {
      await receiver.down()
      await context.close()
    }
  }, 240_000)

  it('filters responses by survey, sentiment, theme and segment in the URL, and downloads the same list as CSV', async () => {
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString()
    type Listed = { id: string; sentiment: string | null; themes: string[]; traits: Record<string, unknown> }
    const everything = async (query: string) => {
      const ids: string[] = []
      let cursor: string | null = null
      do {
        const page: { responses: Listed[]; nextCursor: string | null } = await admin(
          `/responses?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        )
        ids.push(...page.responses.map((response) => response.id))
        cursor = page.nextCursor
      } while (cursor)
      return ids
    }
    // A theme and a segment the demo's negative comments have.
    const negative = await admin<{ responses: Listed[] }>(
      `/responses?sentiment=negative&from=${encodeURIComponent(from)}&limit=200`,
    )
    const counts = new Map<string, number>()
    for (const response of negative.responses)
      for (const theme of response.themes) counts.set(theme, (counts.get(theme) ?? 0) + 1)
    const theme = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
    if (!theme) throw new Error('the demo has no negative comment with a theme')
    const { themes } = await admin<{ themes: { key: string; label: string }[] }>('/taxonomy')
    const themeLabel = themes.find((item) => item.key === theme)?.label ?? theme
    const tagged = negative.responses.find((response) => response.themes.includes(theme))
    const [trait, traitValue] =
      Object.entries(tagged?.traits ?? {}).find(([, value]) => typeof value === 'string') ?? []
    if (!trait) throw new Error('the answer has no string trait')

    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      await page.goto(`${demo.url}/app/responses?period=12mo`)
      await page.getByRole('list', { name: 'Responses' }).waitFor()
      await page.getByLabel('Sentiment').selectOption('negative')
      await page.waitForURL(/sentiment=negative/)
      await page.getByLabel('Theme').selectOption(theme)
      await page.waitForURL(new RegExp(`theme=${theme}`))
      await page.getByRole('button', { name: 'Segment…' }).click()
      await page.getByLabel('Trait').fill(trait)
      await page.getByLabel('is', { exact: true }).fill(String(traitValue))
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.waitForURL(/segment=/)
      const url = new URL(page.url())
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        period: '12mo',
        sentiment: 'negative',
        theme,
        segment: `${trait}:${traitValue}`,
      })
      await page.getByRole('link', { name: `Remove the segment ${trait} = ${traitValue}` }).waitFor()
      expect(await page.getByLabel('Theme').inputValue()).toBe(theme)
      await page.getByRole('list', { name: 'Responses' }).waitFor()
      const filter = `sentiment=negative&theme=${theme}&trait.${encodeURIComponent(trait)}=${encodeURIComponent(String(traitValue))}&from=${encodeURIComponent(from)}`
      const expected = await everything(filter)
      expect(expected.length).toBeGreaterThan(0)
      expect(await page.getByRole('list', { name: 'Responses' }).getByRole('listitem').count()).toBe(
        Math.min(expected.length, 25),
      )
      await capture(page, 'responses-filtered')
      // A link opened afresh shows the same view.
      await page.goto(url.toString())
      expect(await page.getByLabel('Sentiment').inputValue()).toBe('negative')
      await page.getByText(`${trait} = ${traitValue}`).waitFor()
      // The chosen theme shows as its key until the taxonomy loads, then by its label.
      await expect
        .poll(() => page.getByLabel('Theme').locator('option:checked').textContent())
        .toBe(themeLabel)

      // The download is the filtered list: every page of it, in the same order.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/\.csv$/)
      const rows = parseCsv(readFileSync((await download.path()) ?? '', 'utf8'))
      const header = rows[0] ?? []
      expect(header.slice(0, 2)).toEqual(['id', 'created_at'])
      const body = rows.slice(1)
      expect(body.map((row) => row[0])).toEqual(expected)
      const sentiment = header.indexOf('sentiment')
      const themesColumn = header.indexOf('themes')
      for (const row of body) {
        expect(row[sentiment]).toBe('negative')
        expect(row[themesColumn]?.split(';')).toContain(theme)
      }

      // No match: the empty state, with a way back.
      await page.goto(
        `${demo.url}/app/responses?period=7d&sentiment=positive&bucket=detractor&segment=plan:nobody-has-this`,
      )
      await page.getByText('No responses match').waitFor()
      await capture(page, 'responses-empty')
    } finally {
      await context.close()
    }
  }, 180_000)

  it("never shows a second project's data on any page", async () => {
    const database = join(folder, 'demo.db')
    const second = JSON.parse(
      (
        await promisify(execFile)(process.execPath, [
          HEED,
          'project',
          'create',
          '--name',
          'Zebra Corp',
          '--json',
          '--database',
          database,
        ])
      ).stdout,
    ) as { id: string; publicKey: string; secretKey: string }
    const theirs = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${demo.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${second.secretKey}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
      expect(response.ok, `${method} ${path}: ${await response.clone().text()}`).toBe(true)
      return (await response.json()) as Record<string, unknown>
    }
    // Distinctive data of every kind the dashboard shows: a survey, answers with comments (so a case and
    // themes), an account with revenue, a custom theme, a webhook, a goal and a secret key.
    const { survey } = (await theirs('POST', '/admin/v1/surveys', {
      name: 'ZEBRA survey',
      kind: 'nps',
      defaultLocale: 'en',
      question: { en: 'ZEBRA question?' },
      followUp: { default: { en: 'ZEBRA why?' } },
      targeting: { triggers: [{ type: 'pageview' }] },
    })) as { survey: { id: string } }
    await theirs('POST', `/admin/v1/surveys/${survey.id}/activate`)
    const ingest = async (path: string, body: unknown) => {
      const response = await fetch(`${demo.url}/ingest/v1${path}?key=${second.publicKey}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      })
      expect(response.status, await response.clone().text()).toBeLessThan(300)
    }
    await ingest('/identify', {
      anonymousId: 'anon_zebra_1',
      userId: 'zebra-user',
      traits: { email: 'zebra@zebra.test', plan: 'zebra-plan' },
      account: { id: 'acct_zebra', traits: { name: 'ZEBRA Holdings', plan: 'zebra-plan' } },
    })
    for (const [index, score] of [0, 2, 10].entries()) {
      await ingest('/displays', {
        id: `disp_zebra_${index}_0000`,
        surveyId: survey.id,
        anonymousId: 'anon_zebra_1',
        event: 'shown',
      })
      await ingest('/responses', {
        id: `resp_zebra_${index}_0000`,
        surveyId: survey.id,
        anonymousId: 'anon_zebra_1',
        userId: 'zebra-user',
        score,
        comment: `ZEBRA comment ${index}: too expensive and slow`,
      })
    }
    await theirs('PUT', '/admin/v1/taxonomy/themes/zebra-theme', {
      label: 'ZEBRA theme',
      keywords: ['zebra'],
    })
    await theirs('POST', '/admin/v1/webhooks', {
      url: 'https://zebra.example.com/hook',
      events: ['detractor.created'],
    })
    await theirs('POST', '/admin/v1/keys', { label: 'ZEBRA key' })
    await theirs('PUT', '/admin/v1/goals', { goals: [{ metric: 'nps', comparison: '>=', target: 77 }] })
    await theirs('POST', '/admin/v1/revenue/changes', {
      changes: [
        {
          accountId: 'acct_zebra',
          at: new Date(Date.now() - 40 * 86_400_000).toISOString(),
          mrr: 777_700,
          currency: 'USD',
        },
      ],
    })
    // Their data is there for them.
    expect(JSON.stringify(await theirs('GET', '/admin/v1/responses'))).toContain('ZEBRA comment')

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, demo.email, demo.password)
      const pages = [
        '/app/',
        '/app/?period=12mo',
        '/app/responses?period=12mo',
        '/app/responses?period=12mo&sentiment=negative',
        '/app/cases',
        '/app/root-causes?period=12mo',
        '/app/revenue?months=36',
        '/app/usage?period=12mo',
        '/app/usage?period=30d&by=day&who=accounts',
        '/app/report',
        '/app/surveys',
        '/app/settings',
        '/app/settings/project',
        '/app/settings/goals',
        '/app/settings/themes',
        '/app/settings/webhooks',
        '/app/settings/keys',
        '/app/settings/revenue',
      ]
      for (const path of pages) {
        await page.goto(`${demo.url}${path}`)
        await page.locator('h1').first().waitFor()
        // Every panel has answered: no spinner left.
        await expect.poll(() => page.locator('.state-loading').count()).toBe(0)
        const text = await page.evaluate(() => document.body.textContent ?? '')
        expect(text, path).not.toMatch(/zebra|777[,.]?700/i)
      }
      // Their survey by its id is simply not found here.
      await page.goto(`${demo.url}/app/surveys/${survey.id}`)
      await page
        .getByRole('alert')
        .filter({ hasText: /not found/i })
        .waitFor()
      // And so is the CSV of every response of the year.
      const csv = await page.evaluate(async () => {
        const from = new Date(Date.now() - 365 * 86_400_000).toISOString()
        return (await fetch(`/admin/v1/exports/responses?from=${encodeURIComponent(from)}`)).text()
      })
      expect(csv).toMatch(/^\uFEFF?id,/)
      expect(csv).not.toMatch(/zebra/i)
    } finally {
      await context.close()
    }
  }, 180_000)

  it('lets a viewer read a case but not change it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      await signIn(page, demo.url, viewer.email, viewer.password)
      // Any case will do: whatever its status, a viewer may change nothing about it.
      const { cases } = await admin<{ cases: { id: string; status: string }[] }>('/cases?limit=1')
      const open = cases[0]
      if (!open) throw new Error('the demo has no case')
      await page.goto(`${demo.url}/app/cases/${open.id}`)
      await page.getByText('Viewers can read cases but not change them.').waitFor()
      expect(await page.getByLabel('Owner').isDisabled()).toBe(true)
      expect(await page.getByRole('button', { name: /Mark contacted/ }).isDisabled()).toBe(true)
      expect(await page.getByRole('button', { name: 'Resolve' }).isDisabled()).toBe(true)
      expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0)
      await capture(page, 'case-viewer')
      // Even a request made by hand, with the session's CSRF token, is refused.
      const status = await page.evaluate(async (id) => {
        const me = (await (await fetch('/auth/v1/me')).json()) as { csrfToken: string }
        const response = await fetch(`/admin/v1/cases/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-heed-csrf': me.csrfToken },
          body: JSON.stringify({ status: 'contacted' }),
        })
        return response.status
      }, open.id)
      expect(status).toBe(403)
      expect((await admin<{ case: { status: string } }>(`/cases/${open.id}`)).case.status).toBe(open.status)

      // Nor a survey or a setting: the forms are there to read, without a way to send them.
      await page.goto(`${demo.url}/app/surveys`)
      await page.getByRole('list', { name: 'Surveys' }).waitFor()
      expect(await page.getByRole('link', { name: 'New survey' }).count()).toBe(0)
      expect(await page.getByRole('button', { name: /^(Activate|Pause) / }).count()).toBe(0)
      await page.getByRole('list', { name: 'Surveys' }).getByRole('link').first().click()
      await page.getByText('Viewers can read surveys but not change them.').waitFor()
      expect(await page.getByLabel('Name').isDisabled()).toBe(true)
      expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0)
      await page.locator('.preview-stage').getByRole('dialog').waitFor()
      await page.goto(`${demo.url}/app/settings/goals`)
      await page.getByRole('table').waitFor()
      expect(await page.getByRole('button', { name: 'Save goals' }).count()).toBe(0)
      expect(await page.getByLabel('NPS: goal').isDisabled()).toBe(true)
      await page.goto(`${demo.url}/app/settings/webhooks`)
      await page.getByRole('heading', { name: 'Webhooks' }).waitFor()
      expect(await page.getByRole('button', { name: 'Add webhook' }).count()).toBe(0)
    } finally {
      await context.close()
    }
  }, 120_000)
})

/** The rows of an RFC 4180 CSV text: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i++) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}
