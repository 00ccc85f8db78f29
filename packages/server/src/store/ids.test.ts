import { describe, expect, it } from 'vitest'
import { newId } from './ids'

describe('newId', () => {
  it('is the prefix, then URL-safe characters', () => {
    expect(newId('case')).toMatch(/^case_[0-9a-z]{9}[A-Za-z0-9_-]{16}$/)
  })

  it('sorts ids made at later times after earlier ones, whatever their random part', () => {
    const times = [1, 35, 36, 1_700_000_000_000, 1_800_000_000_000, 36 ** 9 - 1]
    const ids = times.flatMap((time) => [newId('evt', time), newId('evt', time)])
    const byTime = ids.map((id, i) => ({ id, time: times[Math.floor(i / 2)]! }))
    const sorted = [...byTime].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    expect(sorted.map((entry) => entry.time)).toEqual(byTime.map((entry) => entry.time))
  })

  it('never repeats, also across refills of its random bytes', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('x', 0))
    expect(new Set(ids).size).toBe(ids.length)
  })
})
