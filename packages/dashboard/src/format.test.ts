import { describe, expect, it } from 'vitest'
import { formatMoney, formatPercent } from './format'

describe('money and rates as the dashboard shows them', () => {
  it('shows minor units in the currency, whole unless asked for cents, and without float noise', () => {
    expect(formatMoney(490_000, 'USD')).toBe('$4,900')
    expect(formatMoney(490_050, 'USD', true)).toBe('$4,900.50')
    expect(formatMoney(-67_100, 'USD')).toBe('-$671')
    // Yen has no minor unit: 4900 minor units are ¥4,900.
    expect(formatMoney(4_900, 'JPY')).toBe('¥4,900')
  })

  it('shows rates as percentages with one decimal, and a rate over nothing as a dash', () => {
    expect(formatPercent(1.0345)).toBe('103.5%')
    expect(formatPercent(0)).toBe('0.0%')
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(undefined)).toBe('—')
  })
})
