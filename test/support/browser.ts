import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/**
 * Debian's Chromium (`apt-get install chromium`). Playwright's own browser builds are downloaded from
 * outside the package registries, which this project's machines cannot reach; playwright-core drives the
 * system's browser instead.
 */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Whether the browser tests can run here. Without Chromium they fail under CI=true, since a green run that
 * quietly skipped them would prove nothing, and elsewhere they are skipped with a loud warning.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  const reason = `${CHROMIUM} is missing: install it with apt-get install chromium`
  if (process.env.CI === 'true') throw new Error(`the browser tests cannot run: ${reason}`)
  const rule = '!'.repeat(78)
  process.stderr.write(
    [
      '',
      rule,
      '!!  BROWSER TESTS ARE SKIPPED: the widget is not tested in a real browser in this run.',
      `!!  ${reason}`,
      '!!  (With CI=true this is an error, not a skip.)',
      rule,
      '',
      '',
    ].join('\n'),
  )
  return false
}

/** Headless Chromium; one per test file, with a fresh context per test. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}
