import { describe, expect, it } from 'vitest'
import { newId, newTimeOrderedId } from './ids'

describe('newId', () => {
  it('is the prefix, then 96 random bits, URL-safe', () => {
    expect(newId('prj')).toMatch(/^prj_[A-Za-z0-9_-]{16}$/)
  })

  it('never repeats, also across refills of its random bytes', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('x'))
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('newTimeOrderedId', () => {
  it('is the prefix, the time, then 96 random bits, URL-safe', () => {
    expect(newTimeOrderedId('case')).toMatch(/^case_[0-9a-z]{9}[A-Za-z0-9_-]{16}$/)
  })

  it('sorts ids made at later times after earlier ones, whatever their random part', () => {
    const times = [1, 35, 36, 1_700_000_000_000, 1_800_000_000_000, 36 ** 9 - 1]
    const ids = times.flatMap((time) => [newTimeOrderedId('evt', time), newTimeOrderedId('evt', time)])
    const byTime = ids.map((id, i) => ({ id, time: times[Math.floor(i / 2)] }))
    const sorted = [...byTime].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    expect(sorted.map((entry) => entry.time)).toEqual(byTime.map((entry) => entry.time))
  })
})
