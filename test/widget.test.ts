import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AxeResults } from 'axe-core'
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { hostileHostPage } from './fixtures/hostile-host'
import { browserAvailable, launchChromium } from './support/browser'
import { type HostPageServer, startHostPageServer } from './support/host-page-server'
import { heed, type ServerProcess, startServer } from './support/server-process'
import { requireFreshWidgetBuild } from './support/widget-build'

// The widget as a customer's visitor meets it: the real `heed start` process serving the built widget, a
// page on another origin whose global CSS attacks everything, and a real Chromium driven by keyboard,
// mouse and network cuts. Every wait is for a condition, with a timeout; the one place where time itself is
// the subject (a survey that must NOT appear) fast-forwards the page's clock instead of sleeping.

declare global {
  interface Window {
    heed?: (method: string, ...args: unknown[]) => void
    /** Set by a test: resolves when the browser fires `online`. */
    cameOnline?: Promise<void>
  }
}

const NPS_QUESTION = 'How likely are you to recommend the shop to a friend?'
const CSAT_QUESTION = 'How satisfied are you with your order?'
const CES_QUESTION = 'The shop made it easy to find what I wanted.'
const NPS_EVENT = 'report.exported'
const CSAT_EVENT = 'order.delivered'
const DELAY_SECONDS = 1
/** How long a condition may take to come true: generous for a loaded machine, never waited in full. */
const WAIT_MS = 10_000

interface StoredResponse {
  id: string
  score: number | null
  comment: string | null
  personId: string | null
}

const surveyBody = (kind: 'nps' | 'csat' | 'ces', question: string, event: string) => ({
  name: `${kind} of the hostile shop`,
  kind,
  status: 'active',
  defaultLocale: 'en',
  question: { en: question },
  followUp: { default: { en: 'What is the main reason for your score?' } },
  targeting: { triggers: [{ type: 'event', name: event }], delaySeconds: DELAY_SECONDS },
})

describe.skipIf(!browserAvailable())(
  'the widget in a real browser, on a hostile page of another origin',
  () => {
    let folder: string
    let server: ServerProcess
    let host: HostPageServer
    let browser: Browser
    let secretKey: string
    const surveys = { nps: '', csat: '', ces: '' }
    const contexts: BrowserContext[] = []

    async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
      return JSON.parse(text) as T
    }

    beforeAll(async () => {
      requireFreshWidgetBuild()
      folder = mkdtempSync(join(tmpdir(), 'heed-widget-e2e-'))
      const database = join(folder, 'heed.db')
      host = await startHostPageServer()
      const project = JSON.parse(
        await heed([
          'project',
          'create',
          '--name',
          'Hostile shop',
          '--origin',
          host.origin,
          '--json',
          '--database',
          database,
        ]),
      ) as { publicKey: string; secretKey: string }
      secretKey = project.secretKey
      ;[server, browser] = await Promise.all([startServer(database), launchChromium()])
      host.serve(hostileHostPage({ host: server.url, publicKey: project.publicKey }))
      for (const [kind, question, event] of [
        ['nps', NPS_QUESTION, NPS_EVENT],
        ['csat', CSAT_QUESTION, CSAT_EVENT],
        // Never triggered: shown only by heed('show', id).
        ['ces', CES_QUESTION, 'never.tracked'],
      ] as const) {
        const created = await admin<{ survey: { id: string } }>(
          'POST',
          '/admin/v1/surveys',
          surveyBody(kind, question, event),
        )
        surveys[kind] = created.survey.id
      }
    })

    afterEach(async () => {
      await Promise.all(contexts.splice(0).map((context) => context.close()))
    })

    afterAll(async () => {
      await browser?.close()
      if (server) {
        server.child.kill('SIGTERM')
        expect(await server.exited).toBe(0)
      }
      await host?.close()
      if (folder) rmSync(folder, { recursive: true, force: true })
    })

    /** A new visitor (fresh browser context: no storage, no cache) on the host page, identified as a new person. */
    async function visit(options: BrowserContextOptions = {}) {
      const context = await browser.newContext(options)
      contexts.push(context)
      const page = await context.newPage()
      page.setDefaultTimeout(WAIT_MS)
      const personId = `person-${randomUUID()}`
      await page.goto(host.origin)
      // Before the widget's script has arrived, the snippet's stub queues the call.
      await page.evaluate((id) => window.heed?.('identify', id), personId)
      return { context, page, personId }
    }

    /** The survey named by its question; its name follows its step, so later steps are found by `widget`. */
    const dialog = (page: Page, question = NPS_QUESTION): Locator =>
      page.getByRole('dialog', { name: question })
    const widget = (page: Page): Locator => page.locator('heed-survey').getByRole('dialog')

    /**
     * Tracks the NPS's trigger event and waits for the survey. Resolves with how long after the event the
     * widget's element was added to the page, measured in the page.
     */
    async function trackUntilShown(page: Page): Promise<number> {
      const elapsed = await page.evaluate(
        ([event, timeoutMs]) =>
          new Promise<number>((resolve, reject) => {
            const tracked = performance.now()
            new MutationObserver((_changes, observer) => {
              if (!document.querySelector('heed-survey')) return
              observer.disconnect()
              resolve(performance.now() - tracked)
            }).observe(document.body, { childList: true })
            window.heed?.('track', event)
            if (document.querySelector('heed-survey')) reject(new Error('the survey showed before its delay'))
            // page.evaluate itself waits for ever.
            setTimeout(() => reject(new Error(`no survey ${timeoutMs} ms after ${event}`)), timeoutMs)
          }),
        [NPS_EVENT, WAIT_MS] as const,
      )
      await dialog(page).waitFor()
      // Its entrance animation over, so that what is measured and scanned is where it stays.
      await widget(page).evaluate((element) =>
        Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
      )
      return elapsed
    }

    /**
     * Resolves once the widget has handled every heed() call made so far, whether its survey engine was
     * loaded when they came or replayed them when it arrived: heed('show') of an unknown survey is queued
     * behind them like any call, and the widget reports that survey's id on the console.
     */
    async function handledSoFar(page: Page): Promise<void> {
      const marker = `no-such-survey-${randomUUID()}`
      const reported = page.waitForEvent('console', (message) => message.text().includes(marker))
      await page.evaluate((id) => window.heed?.('show', id), marker)
      await reported
    }

    async function responsesOf(personId: string): Promise<StoredResponse[]> {
      const query = new URLSearchParams({ surveyId: surveys.nps, personId })
      return (await admin<{ responses: StoredResponse[] }>('GET', `/admin/v1/responses?${query}`)).responses
    }

    /** Waits until the person's answers are exactly `expected` (the list has one entry per stored response). */
    const expectStored = (personId: string, expected: Partial<StoredResponse>[]) =>
      expect
        .poll(() => responsesOf(personId), { timeout: WAIT_MS, interval: 100 })
        .toEqual(expected.map((response) => expect.objectContaining(response)))

    /** What has the keyboard focus: the page's own element, or one inside the widget's shadow root. */
    const focused = (page: Page) =>
      page.evaluate(() => {
        const outer = document.activeElement
        const inner = outer?.shadowRoot?.activeElement
        const element = inner ?? outer
        return {
          in: inner ? 'widget' : 'page',
          role: element?.getAttribute('role') ?? element?.tagName.toLowerCase(),
          name: element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '',
        }
      })

    it('shows the NPS survey when its event is tracked, once its delay is over', async () => {
      const { page } = await visit()
      const elapsed = await trackUntilShown(page)
      expect(elapsed).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000)
      await expect.poll(() => page.getByRole('radio').count()).toBe(11)
    })

    it('is answered with the keyboard alone, and the answer with its comment is stored exactly once', async () => {
      const { context, page, personId } = await visit()
      await trackUntilShown(page)
      // The survey does not take focus when it opens; Tab walks through the page's own controls into it.
      const walked: { in: string; role?: string; name: string }[] = []
      for (let presses = 0; presses < 10 && walked.at(-1)?.role !== 'radio'; presses++) {
        await page.keyboard.press('Tab')
        walked.push(await focused(page))
      }
      expect(walked.map((stop) => `${stop.in} ${stop.role} ${stop.name}`)).toEqual([
        'page a Read',
        'page input Search',
        'page textarea Notes',
        'widget button Close',
        'widget radio 0',
      ])
      for (let score = 1; score <= 9; score++) await page.keyboard.press('ArrowRight')
      expect(await focused(page)).toEqual({ in: 'widget', role: 'radio', name: '9' })
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page)).toEqual({ in: 'widget', role: 'textarea', name: '' })
      const comment = 'Checkout works, but search is slow.'
      await page.keyboard.type(comment)
      await page.keyboard.press('Tab')
      expect(await focused(page)).toEqual({ in: 'widget', role: 'button', name: 'Skip' })
      await page.keyboard.press('Tab')
      expect(await focused(page)).toEqual({ in: 'widget', role: 'button', name: 'Send' })
      await page.keyboard.press('Enter')
      await page.getByRole('status').getByText('Thank you for your feedback!').waitFor()

      await expectStored(personId, [{ score: 9, comment }])
      // Nothing the page could still send changes that.
      await context.close()
      expect(await responsesOf(personId)).toHaveLength(1)
    })

    it('keeps an answer given offline and stores it once when the network is back', async () => {
      const { context, page, personId } = await visit()
      await trackUntilShown(page)
      await context.setOffline(true)
      const survey = widget(page)
      await survey.getByRole('radio', { name: '3', exact: true }).click()
      const comment = 'The page kept freezing on the train.'
      await survey.getByRole('textbox').fill(comment)
      await survey.getByRole('button', { name: 'Send' }).click()
      await page.getByRole('status').getByText('Thank you for your feedback!').waitFor()
      expect(await responsesOf(personId)).toEqual([])

      // Back online, the browser fires `online`, and the widget sends what waited at once.
      await page.evaluate(() => {
        window.cameOnline = new Promise((resolve) =>
          addEventListener('online', () => resolve(), { once: true }),
        )
      })
      await context.setOffline(false)
      await page.evaluate(() => window.cameOnline)
      await expectStored(personId, [{ score: 3, comment }])
      await context.close()
      expect(await responsesOf(personId)).toHaveLength(1)
    })

    it("holds the project's recontact window across page loads", async () => {
      const { page, personId } = await visit()
      await trackUntilShown(page)
      await widget(page).getByRole('radio', { name: '10' }).click()
      await widget(page).getByRole('button', { name: 'Skip' }).click()
      await expectStored(personId, [{ score: 10, comment: null }])

      // Time under control from here: the delays run out when the test says, not after a sleep.
      await page.clock.install()
      await page.reload()
      // The answered survey's event, and another survey's that this visitor was never asked.
      await page.evaluate(
        (events) => {
          for (const event of events) window.heed?.('track', event)
        },
        [NPS_EVENT, CSAT_EVENT],
      )
      await handledSoFar(page)
      await page.clock.runFor(DELAY_SECONDS * 1000 + 1)
      // Had either survey been let through when its delay ran out, it would hold the widget now and
      // heed('show') of a third would be ignored; the third showing proves both were held back.
      await page.evaluate((id) => window.heed?.('show', id), surveys.ces)
      await dialog(page, CES_QUESTION).waitFor()
      expect(await page.locator('heed-survey').count()).toBe(1)
    })

    it('fits a 360 px wide phone: every answer visible and clickable, nothing wider than the screen', async () => {
      const { page } = await visit({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
      const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth)
      expect(await pageWidth()).toBe(360)
      await trackUntilShown(page)
      const answers = dialog(page).getByRole('radio')
      expect(await answers.count()).toBe(11)
      const offScreen: string[] = []
      for (const [score, answer] of (await answers.all()).entries()) {
        // Visible, stable, enabled and not covered by anything: a tap would land on it.
        await answer.click({ trial: true })
        const box = await answer.boundingBox()
        if (!box || box.x < 0 || box.y < 0 || box.x + box.width > 360 || box.y + box.height > 740) {
          offScreen.push(`${score}: ${JSON.stringify(box)}`)
        }
      }
      expect(offScreen).toEqual([])
      expect(await pageWidth()).toBe(360)
      expect(await dialog(page).evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
      await answers.last().tap()
      await widget(page).getByRole('textbox').waitFor()
    })

    it('passes an axe-core scan (WCAG 2.2 AA) of the question and of the follow-up', async () => {
      const { page } = await visit()
      await trackUntilShown(page)
      await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') })
      // Only the widget: the host page's own faults (red text, on purpose) are not the widget's.
      const scan = () =>
        page.evaluate(async () => {
          const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
          const results: AxeResults = await axe.run(
            { include: { fromShadowDom: ['heed-survey', '[role=dialog]'] } },
            { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } },
          )
          return {
            checked: results.passes.length,
            violations: results.violations.map(({ id, help, nodes }) => ({
              id,
              help,
              targets: nodes.map((node) => JSON.stringify(node.target)),
            })),
          }
        })
      const question = await scan()
      expect(question.violations).toEqual([])
      expect(question.checked).toBeGreaterThan(5)
      await dialog(page).getByRole('radio', { name: '4', exact: true }).click()
      await widget(page).getByRole('textbox').waitFor()
      const followUp = await scan()
      expect(followUp.violations).toEqual([])
      expect(followUp.checked).toBeGreaterThan(5)
    })

    it("is untouched by the page's CSS, and leaves the page's own elements as they were", async () => {
      const { page } = await visit()
      const hostElements = ['#host-w', '#host-h', '#host-o', '#host-button', '#host-textarea', 'body']
      const hostStyles = () =>
        page.evaluate((selectors) => {
          const properties = [
            'display',
            'position',
            'font-size',
            'font-weight',
            'color',
            'background-color',
            'border-top-style',
            'border-top-color',
            'padding-top',
            'margin-top',
            'width',
            'height',
            'text-decoration-line',
          ]
          return selectors.map((selector) => {
            const style = getComputedStyle(document.querySelector(selector)!)
            return [
              selector,
              properties.map((property) => `${property}: ${style.getPropertyValue(property)}`),
            ]
          })
        }, hostElements)
      const before = await hostStyles()
      await trackUntilShown(page)
      expect(await hostStyles()).toEqual(before)

      const survey = dialog(page)
      const styleOf = (locator: Locator, ...properties: string[]) =>
        locator.evaluate(
          (element, names) => names.map((name) => getComputedStyle(element).getPropertyValue(name)),
          properties,
        )
      expect(await styleOf(survey, 'position', 'font-size', 'color')).toEqual([
        'fixed',
        '15px',
        'rgb(31, 35, 40)',
      ])
      expect(await styleOf(survey.getByRole('heading'), 'font-size', 'font-weight', 'color')).toEqual([
        '16px',
        '600',
        'rgb(31, 35, 40)',
      ])
      // `button { display: none !important }` and `div { position: static !important }` stop at the shadow root.
      expect(await survey.getByRole('button', { name: 'Close' }).isVisible()).toBe(true)
      expect(await styleOf(survey.getByRole('radio', { name: '5' }), 'display', 'height')).toEqual([
        'flex',
        '40px',
      ])
    })
  },
)
