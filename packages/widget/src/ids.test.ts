import { afterEach, describe, expect, it, vi } from 'vitest'
import { newId } from './ids'

afterEach(() => {
  // Uncovers Crypto.prototype.randomUUID again.
  Reflect.deleteProperty(crypto, 'randomUUID')
  vi.useRealTimers()
})

const TIME = '[0-9a-z]{9}'

describe('newId', () => {
  it('is the time, then a UUID where crypto.randomUUID exists', () => {
    expect(newId()).toMatch(
      new RegExp(`^${TIME}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
    )
  })

  it('is the time, then four random 32-bit numbers in insecure contexts, which have no randomUUID: URL-safe, 8 to 64 characters', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    const ids = Array.from({ length: 1000 }, newId)
    for (const id of ids) expect(id).toMatch(new RegExp(`^${TIME}-\\d{1,10}(-\\d{1,10}){3}$`))
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64)
    expect(new Set(ids).size).toBe(1000)
  })

  it('sorts ids made later after those made before, so the server appends them to its indexes', () => {
    vi.useFakeTimers()
    const ids = [0, 1, 35, 36, 1_700_000_000_000, 1_800_000_000_000].map((time) => {
      vi.setSystemTime(time)
      return newId()
    })
    expect([...ids].sort()).toEqual(ids)
  })
})
