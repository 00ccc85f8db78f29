import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_WIDGET_DIR, widgetDirSetting } from './settings'

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
