import { describe, expect, it } from 'vitest'
import { ZPageUrl } from './page-url'

describe('ZPageUrl', () => {
  it('accepts absolute http and https URLs', () => {
    for (const url of ['https://app.example.com/a?b=c#d', 'http://localhost:3000/']) {
      expect(ZPageUrl.parse(url)).toBe(url)
    }
  })

  it('rejects relative URLs, other schemes and URLs over 2048 characters', () => {
    for (const url of ['/pricing', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/', '']) {
      expect(ZPageUrl.safeParse(url).success).toBe(false)
    }
    expect(ZPageUrl.safeParse(`https://example.com/${'a'.repeat(2029)}`).success).toBe(false)
    expect(ZPageUrl.safeParse(`https://example.com/${'a'.repeat(2028)}`).success).toBe(true)
  })
})
