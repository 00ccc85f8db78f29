import { afterEach, describe, expect, it, vi } from 'vitest'

const localStorageDescriptor = Object.getOwnPropertyDescriptor(window, 'localStorage')!

afterEach(() => {
  Object.defineProperty(window, 'localStorage', localStorageDescriptor)
  localStorage.clear()
})

/** localStorage as in Safari's private mode or a sandboxed iframe: touching it throws. */
function blockLocalStorage() {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    },
  })
}

async function freshStorage() {
  vi.resetModules()
  return import('./storage')
}

describe('storage', () => {
  it('keeps JSON values in localStorage, across page loads', async () => {
    ;(await freshStorage()).save('heed:test', { a: [1, 'b'] })
    expect(JSON.parse(localStorage.getItem('heed:test')!)).toEqual({ a: [1, 'b'] })
    expect((await freshStorage()).load('heed:test')).toEqual({ a: [1, 'b'] })
    expect((await freshStorage()).load('heed:nothing')).toBeUndefined()
  })

  it('works from memory for the life of the page when localStorage throws', async () => {
    blockLocalStorage()
    const storage = await freshStorage()
    expect(storage.load('heed:test')).toBeUndefined()
    storage.save('heed:test', { n: 1 })
    expect(storage.load('heed:test')).toEqual({ n: 1 })
    expect((await freshStorage()).load('heed:test')).toBeUndefined()
  })

  it('works from memory when localStorage refuses writes (quota) or holds something unreadable', async () => {
    const storage = await freshStorage()
    localStorage.setItem('heed:test', '{not json')
    expect(storage.load('heed:test')).toBeUndefined()
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    localStorage.removeItem('heed:test')
    storage.save('heed:test', 7)
    expect(storage.load('heed:test')).toBe(7)
    vi.restoreAllMocks()
  })
})
