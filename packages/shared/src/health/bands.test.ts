import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_BANDS, healthBand, ZHealthBands } from './bands'

describe('health bands', () => {
  it('puts red below 50, yellow from 50 to 74, green from 75', () => {
    expect([49, 50, 74, 75].map((s) => healthBand(s, DEFAULT_HEALTH_BANDS))).toEqual([
      'red',
      'yellow',
      'yellow',
      'green',
    ])
  })

  it('refuses a yellow band starting at or above green, naming green', () => {
    const result = ZHealthBands.safeParse({ yellow: 80, green: 80 })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['green'])
  })
})
