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
    /** Every POST the page made, recorded as it was made: the ingest path and the body. */
    posted?: { path: string; body: string }[]
  }
}

const NPS_QUESTION = 'How likely are you to recommend the shop to a friend?'
const CSAT_QUESTION = 'How satisfied are you with your order?'
/** German, with a 48-letter compound that no line is wide enough for. */
const LONG_WORD = 'Kundenzufriedenheitsbefragungsergebnisauswertung'
const CES_QUESTION = `${LONG_WORD}: Wie leicht war sie zu finden?`
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

const surveyBody = (kind: 'nps' | 'csat' | 'ces', question: string, event: string) => {
  // The CES is in German, and placed at the top: under the page's banner, were it not in the top layer.
  const locale = kind === 'ces' ? 'de' : 'en'
  return {
    name: `${kind} of the hostile shop`,
    kind,
    status: 'active',
    defaultLocale: locale,
    question: { [locale]: question },
    followUp: { default: { [locale]: 'What is the main reason for your score?' } },
    targeting: { triggers: [{ type: 'event', name: event }], delaySeconds: DELAY_SECONDS },
    appearance: { position: kind === 'ces' ? 'top-right' : 'bottom-right' },
  }
}

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

    /**
     * A new visitor (fresh browser context: no storage, no cache) on the host page, identified as a new
     * person. `browserLacks` names what to take from the browser before the page loads, to play an older one.
     */
    async function visit(options: BrowserContextOptions = {}, browserLacks?: 'popovers') {
      const context = await browser.newContext(options)
      contexts.push(context)
      // Safari before 17 and Firefox before 125 have no Popover API.
      if (browserLacks === 'popovers') {
        await context.addInitScript(() => Reflect.deleteProperty(HTMLElement.prototype, 'showPopover'))
      }
      // What the widget reports, seen in the page at the moment it is sent (the network events that
      // Playwright relays come later, and in no promised order).
      await context.addInitScript(() => {
        const send = window.fetch
        window.posted = []
        window.fetch = (input, init) => {
          if (init?.method === 'POST') {
            const path = String(input).split('?')[0]!.split('/').pop()!
            window.posted!.push({ path, body: String(init.body) })
          }
          return send(input, init)
        }
      })
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
            // The widget's element goes at the end of <body>, or after it in a browser without popovers.
            new MutationObserver((_changes, observer) => {
              if (!document.querySelector('heed-survey')) return
              observer.disconnect()
              resolve(performance.now() - tracked)
            }).observe(document.documentElement, { childList: true, subtree: true })
            window.heed?.('track', event)
            if (document.querySelector('heed-survey')) reject(new Error('the survey showed before its delay'))
            // page.evaluate itself waits for ever.
            setTimeout(() => reject(new Error(`no survey ${timeoutMs} ms after ${event}`)), timeoutMs)
          }),
        [NPS_EVENT, WAIT_MS] as const,
      )
      await dialog(page).waitFor()
      await entered(page)
      return elapsed
    }

    /** Waits for the survey's entrance animation to end, so that what is measured is where it stays. */
    const entered = (page: Page) =>
      widget(page).evaluate((element) =>
        Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
      )

    /** Shows the German CES, placed at the top right, by heed('show'), and waits until it is in place. */
    async function showCes(page: Page): Promise<Locator> {
      await page.evaluate((id) => window.heed?.('show', id), surveys.ces)
      const survey = dialog(page, CES_QUESTION)
      await survey.waitFor()
      await entered(page)
      return survey
    }

    /**
     * Whether a click at the middle of `locator`'s element would land on it: the browser's own hit test,
     * through the document (which sees the widget's host) and then the widget's shadow root.
     */
    const takesClicks = (locator: Locator) =>
      locator.evaluate((element) => {
        const { x, y, width, height } = element.getBoundingClientRect()
        const [left, top] = [x + width / 2, y + height / 2]
        const hit = document.elementFromPoint(left, top)
        const inner = hit?.shadowRoot?.elementFromPoint(left, top) ?? hit
        return inner !== null && element.contains(inner)
      })

    /** The ingest paths and events the page has reported so far, e.g. 'displays shown'. */
    const reported = (page: Page, path: string) =>
      page.evaluate(
        (wanted) =>
          window
            .posted!.filter((post) => post.path === wanted)
            .map((post) => (JSON.parse(post.body) as { event?: string }).event),
        path,
      )

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
    it('shows on a page whose <body> has a transform: in view, on top, and reported once it is', async () => {
      const { page } = await visit()
      await trackUntilShown(page)
      const survey = dialog(page)
      const box = (await survey.boundingBox())!
      const { width, height } = page.viewportSize()!
      expect({
        left: box.x >= 0,
        top: box.y >= 0,
        right: box.x + box.width <= width,
        bottom: box.y + box.height <= height,
      }).toEqual({ left: true, top: true, right: true, bottom: true })
      expect(await takesClicks(survey.getByRole('heading'))).toBe(true)
      await expect.poll(() => reported(page, 'displays')).toEqual(['shown'])
    })

    it('stays above a banner at the highest z-index: the question and the close button take the clicks', async () => {
      const { page } = await visit()
      const survey = await showCes(page)
      const close = survey.getByRole('button', { name: 'Schließen' })
      expect(await survey.evaluate((card) => card.matches(':popover-open'))).toBe(true)
      expect(await takesClicks(survey.getByRole('heading'))).toBe(true)
      expect(await takesClicks(close)).toBe(true)
      await close.click()
      await page.locator('heed-survey').waitFor({ state: 'detached' })
      expect(await reported(page, 'displays')).toEqual(['shown', 'dismissed'])
    })

    it('without the Popover API, still shows in view and above the banner, from after <body>', async () => {
      const { page } = await visit({}, 'popovers')
      await trackUntilShown(page)
      const bottom = dialog(page)
      const box = (await bottom.boundingBox())!
      expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height)
      expect(await takesClicks(bottom.getByRole('heading'))).toBe(true)
      await bottom.getByRole('button', { name: 'Close' }).click()
      const top = await showCes(page)
      expect(await top.evaluate((card) => card.matches(':popover-open'))).toBe(false)
      expect(await takesClicks(top.getByRole('button', { name: 'Schließen' }))).toBe(true)
    })

    it('reports no display while the survey cannot be seen: not while a content blocker hides it', async () => {
      const { page } = await visit()
      // A content blocker's cosmetic filter, as uBlock Origin writes one.
      const blocker = await page.addStyleTag({ content: 'heed-survey { display: none !important }' })
      await page.evaluate((event) => window.heed?.('track', event), NPS_EVENT)
      await page.locator('heed-survey').waitFor({ state: 'attached' })
      // Three frames later the browser has laid the survey out and told whoever asked whether it is seen.
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            let frames = 0
            const frame = () => (++frames === 3 ? setTimeout(resolve) : requestAnimationFrame(frame))
            requestAnimationFrame(frame)
          }),
      )
      expect(await reported(page, 'displays')).toEqual([])
      await blocker.evaluate((style) => (style as HTMLStyleElement).remove())
      await expect.poll(() => reported(page, 'displays')).toEqual(['shown'])
    })

    it('gives focus back to where it was when the survey closes with Escape', async () => {
      const { page } = await visit()
      await trackUntilShown(page)
      await page.getByRole('textbox', { name: 'Search' }).focus()
      // The person goes from the search box to the survey with the mouse, and closes it from the keyboard.
      await widget(page).getByRole('radio', { name: '5', exact: true }).click()
      expect(await focused(page)).toEqual({ in: 'widget', role: 'radio', name: '5' })
      await page.keyboard.press('Escape')
      await page.locator('heed-survey').waitFor({ state: 'detached' })
      expect(await focused(page)).toEqual({ in: 'page', role: 'input', name: 'Search' })
    })

    it('gives focus back to where it was once the comment is sent and the thank-you has gone', async () => {
      const { page } = await visit()
      await trackUntilShown(page)
      await page.getByRole('textbox', { name: 'Notes' }).focus()
      await page.keyboard.press('Tab')
      await page.keyboard.press('Tab')
      expect(await focused(page)).toEqual({ in: 'widget', role: 'radio', name: '0' })
      await page.keyboard.press('End')
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page)).toEqual({ in: 'widget', role: 'textarea', name: '' })
      await page.keyboard.type('Fast enough.')
      await page.keyboard.press('Control+Enter')
      await page.getByRole('status').waitFor()
      await page.locator('heed-survey').waitFor({ state: 'detached' })
      expect(await focused(page)).toEqual({ in: 'page', role: 'textarea', name: 'Notes' })
    })

    it.each([1280, 390])(
      'breaks a 48-letter word at %i px, never under the close button, never scrolling sideways',
      async (width) => {
        const { page } = await visit({ viewport: { width, height: 800 } })
        const survey = await showCes(page)
        const layout = await survey.evaluate((card) => {
          const close = card.querySelector('button')!.getBoundingClientRect()
          const text = document.createRange()
          text.selectNodeContents(card.querySelector('h2')!)
          const lines = [...text.getClientRects()]
          const box = card.getBoundingClientRect()
          return {
            lines: lines.length > 1,
            underClose: lines.filter(
              (line) =>
                line.right > close.left &&
                line.left < close.right &&
                line.bottom > close.top &&
                line.top < close.bottom,
            ).length,
            outside: lines.filter((line) => line.left < box.left || line.right > box.right).length,
            scrollsSideways: card.scrollWidth > card.clientWidth,
          }
        })
        expect(layout).toEqual({ lines: true, underClose: 0, outside: 0, scrollsSideways: false })
      },
    )

    it('puts the end labels under 0 and 10 on a 320 px phone, every answer a 24 px target', async () => {
      const { page } = await visit({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true })
      await trackUntilShown(page)
      const layout = await dialog(page).evaluate((card) => {
        const answers = [...card.querySelectorAll('[role=radio]')].map((radio) =>
          radio.getBoundingClientRect(),
        )
        const [zero, ten] = [answers[0]!, answers[10]!]
        const low = card.querySelector('#lo')!.getBoundingClientRect()
        const high = card.querySelector('#hi')!.getBoundingClientRect()
        return {
          lowUnder0: Math.abs(low.left - zero.left) <= 1 && low.top >= zero.bottom,
          highUnder10: Math.abs(high.right - ten.right) <= 1 && high.top >= ten.bottom,
          narrowest: Math.min(...answers.map((answer) => answer.width)) >= 24,
          scrollsSideways: card.scrollWidth > card.clientWidth,
        }
      })
      expect(layout).toEqual({ lowUnder0: true, highUnder10: true, narrowest: true, scrollsSideways: false })
    })

    it('shows the answer the arrow keys are on apart from the chosen one', async () => {
      const { page } = await visit()
      await trackUntilShown(page)
      const survey = widget(page)
      const answer = (score: number) => survey.getByRole('radio', { name: String(score), exact: true })
      const looks = (score: number) =>
        answer(score).evaluate((element) => {
          const style = getComputedStyle(element)
          return [style.backgroundColor, style.color, style.borderColor, style.outlineStyle].join(' ')
        })
      const idle = await looks(5)
      await page.getByRole('textbox', { name: 'Notes' }).focus()
      await page.keyboard.press('Tab')
      await page.keyboard.press('Tab')
      for (let score = 1; score <= 7; score++) await page.keyboard.press('ArrowRight')
      const highlighted = await looks(7)
      expect(await answer(7).getAttribute('aria-checked')).toBe('false')
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page)).toEqual({ in: 'widget', role: 'textarea', name: '' })
      const chosen = await looks(7)
      expect(await answer(7).getAttribute('aria-checked')).toBe('true')
      // Back to the scale, on the chosen answer, and two to the left.
      await page.keyboard.press('Shift+Tab')
      await page.keyboard.press('ArrowLeft')
      await page.keyboard.press('ArrowLeft')
      expect(await focused(page)).toEqual({ in: 'widget', role: 'radio', name: '5' })
      const highlightedBesideChosen = await looks(5)
      expect(new Set([idle, highlighted, chosen]).size).toBe(3)
      expect(highlightedBesideChosen).toBe(highlighted)
      expect(await looks(7)).toBe(chosen)
    })

    it('lets a chosen score be changed before the comment is sent: the same response is updated', async () => {
      const { page, personId } = await visit()
      await trackUntilShown(page)
      const survey = widget(page)
      await survey.getByRole('radio', { name: '4', exact: true }).click()
      await expectStored(personId, [{ score: 4, comment: null }])
      const [first] = await responsesOf(personId)
      await survey.getByRole('radio', { name: '8', exact: true }).click()
      await expectStored(personId, [{ id: first!.id, score: 8, comment: null }])
      expect(
        await survey
          .getByRole('radio', { checked: true })
          .evaluateAll((radios) => radios.map((r) => r.textContent)),
      ).toEqual(['8'])
      const comment = 'Better than I first said.'
      await survey.getByRole('textbox').fill(comment)
      await survey.getByRole('button', { name: 'Send' }).click()
      await expectStored(personId, [{ id: first!.id, score: 8, comment }])
    })
  },
)
