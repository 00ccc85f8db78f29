import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultReaderCount } from '../db/reader-pool'
import { UsageError } from './command'
import {
  DEFAULT_WIDGET_DIR,
  readBudgetSetting,
  readerThreadsSetting,
  webhookDestinationsSetting,
  widgetDirSetting,
} from './settings'

describe('widgetDirSetting', () => {
  it('takes --widget-dir, else HEED_WIDGET_DIR, else the widget build of this workspace', () => {
    expect(widgetDirSetting('/srv/widget', { HEED_WIDGET_DIR: '/env/widget' })).toBe('/srv/widget')
    expect(widgetDirSetting(undefined, { HEED_WIDGET_DIR: '/env/widget' })).toBe('/env/widget')
    expect(widgetDirSetting(undefined, { HEED_WIDGET_DIR: ' ' })).toBe(DEFAULT_WIDGET_DIR)
    expect(DEFAULT_WIDGET_DIR).toMatch(/\/packages\/widget\/dist\/$/)
    // The widget package itself, wherever the command runs from.
    expect(existsSync(new URL('../package.json', `file://${DEFAULT_WIDGET_DIR}`))).toBe(true)
  })

  it('refuses an empty --widget-dir', () => {
    expect(() => widgetDirSetting('', {})).toThrow('--widget-dir must not be empty')
  })
})

describe('webhookDestinationsSetting', () => {
  it('is the production rule only with NODE_ENV=production', () => {
    expect(webhookDestinationsSetting(undefined, { NODE_ENV: 'production' }).production).toBe(true)
    expect(webhookDestinationsSetting(undefined, { NODE_ENV: 'development' }).production).toBe(false)
    expect(webhookDestinationsSetting(undefined, {}).production).toBe(false)
  })

  it('takes --webhook-allow, else HEED_WEBHOOK_ALLOW_HOSTS', () => {
    const env = { NODE_ENV: 'production', HEED_WEBHOOK_ALLOW_HOSTS: '10.0.0.0/8 hooks.env' }
    const fromOption = webhookDestinationsSetting('hooks.option,192.168.0.0/16', env).allow
    expect(fromOption.entries).toEqual(['hooks.option', '192.168.0.0/16'])
    expect(fromOption.allowsAddress('192.168.3.4')).toBe(true)
    expect(fromOption.allowsAddress('10.0.0.1')).toBe(false)
    const fromEnv = webhookDestinationsSetting(undefined, env).allow
    expect(fromEnv.allowsHost('hooks.env')).toBe(true)
    expect(fromEnv.allowsAddress('10.9.9.9')).toBe(true)
    expect(webhookDestinationsSetting(undefined, { HEED_WEBHOOK_ALLOW_HOSTS: ' ' }).allow.entries).toEqual([])
  })

  it('refuses an entry it cannot read, naming where it came from', () => {
    expect(() => webhookDestinationsSetting('10.0.0.0/99', {})).toThrow(
      new UsageError("--webhook-allow: '10.0.0.0/99' has a prefix length that is not a number from 0 to 32"),
    )
    expect(() => webhookDestinationsSetting(undefined, { HEED_WEBHOOK_ALLOW_HOSTS: 'http://x' })).toThrow(
      /^HEED_WEBHOOK_ALLOW_HOSTS: 'http:\/\/x' is neither/,
    )
  })
})

describe('reader settings', () => {
  it('takes --readers, else HEED_READERS, else leaves the count to the cores (1 to 4)', () => {
    expect(readerThreadsSetting('3', { HEED_READERS: '2' })).toBe(3)
    expect(readerThreadsSetting(undefined, { HEED_READERS: '2' })).toBe(2)
    expect(readerThreadsSetting(undefined, {})).toBeUndefined()
    expect([1, 2, 3, 4, 64].map((cores) => defaultReaderCount(cores))).toEqual([1, 1, 1, 2, 4])
  })

  it('takes --read-budget-ms, else HEED_READ_BUDGET_MS, and names the one that is wrong', () => {
    expect(readBudgetSetting('250', { HEED_READ_BUDGET_MS: '9000' })).toBe(250)
    expect(readBudgetSetting(undefined, { HEED_READ_BUDGET_MS: '9000' })).toBe(9000)
    expect(() => readBudgetSetting('fast', {})).toThrow(
      "--read-budget-ms must be a whole number of milliseconds from 10 to 600000, got 'fast'",
    )
    expect(() => readerThreadsSetting(undefined, { HEED_READERS: '0' })).toThrow(
      'HEED_READERS must be a whole number of threads from 1 to 16',
    )
  })
})
