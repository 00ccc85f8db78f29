import { afterEach, describe, expect, it, vi } from 'vitest'
import { STUB, snippet } from './snippet'

afterEach(() => {
  delete window.heed
  vi.restoreAllMocks()
})

describe('snippet', () => {
  it('is a <script> with the stub and init for the project', () => {
    const html = snippet('https://heed.example.com/', 'pk_abc')
    expect(html).toBe(
      [
        '<script>',
        STUB.replace('HEED_HOST', '"https://heed.example.com"'),
        'heed("init",{key:"pk_abc",host:"https://heed.example.com"});',
        '</script>',
      ].join('\n'),
    )
  })

  it('cannot be broken out of by the values it embeds', () => {
    const html = snippet('https://x.example.com"</script><script>alert(1)//', 'pk_"</script>')
    expect(html.match(/<\/script>/g)).toHaveLength(1)
    expect(html).not.toContain('"</')
  })

  it('queues calls until the widget arrives, and loads the widget without blocking the page', () => {
    const appended: HTMLScriptElement[] = []
    vi.spyOn(document.head, 'appendChild').mockImplementation((node) => {
      appended.push(node as HTMLScriptElement)
      return node
    })
    const code = snippet('https://heed.example.com', 'pk_abc').split('\n').slice(1, -1).join('\n')
    new Function(code)()
    window.heed?.('track', 'clicked', { a: 1 })
    expect(appended).toHaveLength(1)
    expect(appended[0]!.src).toBe('https://heed.example.com/widget/heed.js')
    expect(appended[0]!.async).toBe(true)
    expect(Array.from(window.heed?.q ?? [], (call) => Array.from(call))).toEqual([
      ['init', { key: 'pk_abc', host: 'https://heed.example.com' }],
      ['track', 'clicked', { a: 1 }],
    ])
  })
})
