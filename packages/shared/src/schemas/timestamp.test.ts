import { describe, expect, it } from 'vitest'
import { ZTimestamp } from './timestamp'

describe('ZTimestamp', () => {
  it('accepts ISO 8601 date-times with a zone, at any precision', () => {
    for (const time of ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123456Z', '2024-05-01T12:00:00-03:00']) {
      expect(ZTimestamp.parse(time)).toBe(time)
    }
  })

  it('rejects local times, dates alone and other formats', () => {
    for (const time of [
      '2024-05-01T12:00:00',
      '2024-05-01',
      'May 1, 2024',
      '2024-02-30T12:00:00Z',
      1714564800000,
    ]) {
      expect(ZTimestamp.safeParse(time).success).toBe(false)
    }
  })
})
