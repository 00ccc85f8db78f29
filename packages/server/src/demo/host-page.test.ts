import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { hostPage } from './host-page'
import { DEMO_SURVEYS, NPS_TRIGGER_EVENT, TRIGGER_EVENTS } from './surveys'

const scripts = (html: string) => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1])

describe('the demo host page', () => {
  const html = hostPage({ publicKey: 'pk_demo', host: 'http://127.0.0.1:3000', recontactDays: 30 })

  it('embeds the snippet with the key and the server, and shows the same snippet', () => {
    const [stub] = scripts(html)
    expect(stub).toContain('s.src="http://127.0.0.1:3000"+"/widget/heed.js"')
    expect(stub).toContain('heed("init",{key:"pk_demo",host:"http://127.0.0.1:3000"});')
    expect(html).toContain('<pre>&#60;script&#62;\nwindow.heed=window.heed||function()')
  })

  it('has a button for the trigger event of each demo survey', () => {
    for (const event of [NPS_TRIGGER_EVENT, TRIGGER_EVENTS.csat, TRIGGER_EVENTS.ces]) {
      expect(html).toContain(`tracks ${event}`)
    }
    // The NPS asks only people with a signup date: the page's visitor has one.
    expect(DEMO_SURVEYS.nps.targeting.audience).toContainEqual(
      expect.objectContaining({ trait: 'signupDate', op: 'exists' }),
    )
    expect(scripts(html)[1]).toContain('"signupDate":"2025-01-15"')
  })

  it('keeps a hostile key and host inside their string literals', () => {
    const hostile = '"</script><script>alert(1)</script>\u2028'
    const page = hostPage({ publicKey: hostile, host: `http://x${hostile}`, recontactDays: 30 })
    expect(page).not.toContain('<script>alert(1)')
    expect(scripts(page)).toHaveLength(2)
    // Run the stub as a browser would: it loads the script from the host and queues init with the key.
    const loaded: { src?: string }[] = []
    const browser = {
      document: { createElement: () => ({}), head: { appendChild: (tag: object) => loaded.push(tag) } },
    } as Record<string, unknown>
    browser.window = browser
    runInNewContext(scripts(page)[0] ?? '', browser)
    expect(loaded.map((tag) => tag.src)).toEqual([`http://x${hostile}/widget/heed.js`])
    const queued = (browser.heed as { q: ArrayLike<unknown>[] }).q.map((call) => Array.from(call))
    expect(queued).toEqual([['init', { key: hostile, host: `http://x${hostile}` }]])
  })
})
