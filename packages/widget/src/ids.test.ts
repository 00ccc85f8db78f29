import { afterEach, describe, expect, it } from 'vitest'
import { newId } from './ids'

afterEach(() => {
  // Uncovers Crypto.prototype.randomUUID again.
  Reflect.deleteProperty(crypto, 'randomUUID')
})

describe('newId', () => {
  it('is a UUID where crypto.randomUUID exists', () => {
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('is four random 32-bit numbers in insecure contexts, which have no randomUUID: URL-safe, 8 to 64 characters', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    const ids = Array.from({ length: 1000 }, newId)
    for (const id of ids) expect(id).toMatch(/^\d{1,10}(-\d{1,10}){3}$/)
    for (const id of ids) expect(id.length).toBeGreaterThanOrEqual(8)
    expect(new Set(ids).size).toBe(1000)
  })
})
