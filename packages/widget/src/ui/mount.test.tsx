import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WidgetSurvey } from '../survey'
import { mountSurvey } from './mount'
import { aSurvey, clearPage, click, mount, press, type } from './test-support'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  clearPage()
})

/** The IntersectionObservers the widget makes, with a way to report what the browser would see. */
function watchObservers() {
  const made: { targets: Element[]; options?: IntersectionObserverInit; disconnected: boolean }[] = []
  const reports: ((ratio: number) => void)[] = []
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      #seen: (typeof made)[number]
      constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
        const seen = { targets: [] as Element[], options, disconnected: false }
        this.#seen = seen
        made.push(seen)
        reports.push((intersectionRatio) =>
          act(() => {
            const entry = {
              intersectionRatio,
              isIntersecting: intersectionRatio > 0,
              target: seen.targets[0],
            }
            callback([entry as IntersectionObserverEntry], this as unknown as IntersectionObserver)
          }),
        )
      }
      observe(target: Element) {
        this.#seen.targets.push(target)
      }
      disconnect() {
        this.#seen.disconnected = true
      }
    },
  )
  return { made, report: (ratio: number) => reports.at(-1)!(ratio) }
}

describe('mountSurvey', () => {
  it('renders the survey in a shadow root on its own element at the end of <body>, in the top layer', () => {
    // happy-dom has no Popover API: a stand-in that records which element asked for the top layer.
    const shown: Element[] = []
    HTMLElement.prototype.showPopover = function (this: HTMLElement) {
      shown.push(this)
    }
    document.body.innerHTML = '<main><p>the page</p></main>'
    let widget: ReturnType<typeof mount>
    try {
      widget = mount()
    } finally {
      Reflect.deleteProperty(HTMLElement.prototype, 'showPopover')
    }
    expect(document.body.lastElementChild).toBe(widget.host)
    // The card itself is the popover, inside the shadow root: the page's ::backdrop rules cannot reach it.
    expect(shown).toEqual([widget.dialog()])
    expect(widget.dialog()?.getAttribute('popover')).toBe('manual')
    expect(widget.host?.style.cssText).toContain('all: initial')
    expect(widget.dialog()?.getAttribute('aria-labelledby')).toBe('q')
    expect(widget.title()).toBe('How likely are you to recommend us?')
    // Nothing of the widget in the page's own tree, where the page's CSS and scripts look.
    expect(document.querySelector('[role=dialog]')).toBeNull()
    const styled =
      (widget.root?.adoptedStyleSheets.length ?? 0) + (widget.root?.querySelectorAll('style').length ?? 0)
    expect(styled).toBe(1)
  })

  it('without the Popover API, puts its element after <body>, beyond the reach of a transform on <body>', () => {
    document.body.innerHTML = '<main><p>the page</p></main>'
    const widget = mount()
    expect(document.documentElement.lastElementChild).toBe(widget.host)
    expect(document.body.contains(widget.host!)).toBe(false)
    expect(widget.dialog()?.hasAttribute('popover')).toBe(false)
  })

  it('reports that it is shown once at least half of it is in view, and only once', () => {
    const observers = watchObservers()
    const widget = mount()
    expect(observers.made).toEqual([
      { targets: [widget.dialog()], options: { threshold: 0.5 }, disconnected: false },
    ])
    observers.report(0)
    observers.report(0.4)
    expect(widget.onShown).not.toHaveBeenCalled()
    observers.report(0.5)
    expect(widget.onShown).toHaveBeenCalledTimes(1)
    expect(observers.made[0]!.disconnected).toBe(true)
  })

  it('never reports a survey shown that was taken away before it was seen', () => {
    const observers = watchObservers()
    const widget = mount()
    widget.handle.close()
    expect(observers.made[0]!.disconnected).toBe(true)
    observers.report(1)
    expect(widget.onShown).not.toHaveBeenCalled()
  })

  it('gives focus back to the page element it came from when it closes', () => {
    document.body.innerHTML = '<input id="search"><button id="other">other</button>'
    const input = document.querySelector('input')!
    input.focus()
    const widget = mount()
    widget.radios()[0]!.focus()
    press(widget.radios()[0]!, 'Escape')
    expect(document.activeElement).toBe(input)
  })

  it('leaves focus where it is when it is not in the survey as the survey closes', () => {
    document.body.innerHTML = '<input id="search"><button id="other">other</button>'
    const input = document.querySelector('input')!
    const other = document.querySelector('button')!
    input.focus()
    const widget = mount()
    widget.radios()[0]!.focus()
    other.focus()
    widget.handle.close()
    expect(document.activeElement).toBe(other)
  })

  it('does not take focus when it opens', () => {
    document.body.innerHTML = '<input id="search">'
    const input = document.querySelector('input')!
    input.focus()
    mount()
    expect(document.activeElement).toBe(input)
  })

  it('places itself and themes itself from the appearance, with readable text on the brand colour', () => {
    const widget = mount(
      aSurvey({ appearance: { position: 'top-left', brandColor: '#fde047', theme: 'dark' } }),
    )
    const dialog = widget.dialog()!
    expect(dialog.className).toBe('w top-left dark')
    expect(dialog.style.getPropertyValue('--b')).toBe('#fde047')
    expect(dialog.style.getPropertyValue('--bt')).toBe('#000')
  })

  it('puts white text on a dark brand colour and ignores a brand colour that is not a hex colour', () => {
    const dark = mount(aSurvey({ appearance: { position: 'center', brandColor: '#123', theme: 'auto' } }))
    expect(dark.dialog()!.style.getPropertyValue('--bt')).toBe('#fff')
    dark.handle.close()
    const odd = mount(
      aSurvey({ appearance: { position: 'center', brandColor: 'red;}*{x:y', theme: 'auto' } }),
    )
    expect(odd.dialog()!.style.getPropertyValue('--b')).toBe('#4f46e5')
  })

  it('close() removes everything without calling back, and twice is harmless', () => {
    const widget = mount()
    widget.handle.close()
    widget.handle.close()
    expect(document.querySelector('heed-survey')).toBeNull()
    expect(widget.root?.childNodes.length).toBe(0)
    expect(widget.onDismiss).not.toHaveBeenCalled()
    expect(widget.onClose).not.toHaveBeenCalled()
  })

  it('adds no listeners to document or window and leaves no timer behind close()', () => {
    vi.useFakeTimers()
    const onDocument = vi.spyOn(document, 'addEventListener')
    const onWindow = vi.spyOn(window, 'addEventListener')
    const widget = mount()
    click(widget.radios()[9]!)
    type(widget.textarea()!, 'Great')
    click(widget.buttons().find((button) => button.textContent === 'Send')!)
    widget.handle.close()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10_000)
    expect(onDocument).not.toHaveBeenCalled()
    expect(onWindow).not.toHaveBeenCalled()
    expect(widget.onClose).not.toHaveBeenCalled()
  })

  it('the thank-you closes itself after 3 seconds: onClose only, and the widget is gone', () => {
    vi.useFakeTimers()
    const widget = mount()
    click(widget.radios()[7]!)
    click(widget.buttons().find((button) => button.textContent === 'Skip')!)
    expect(widget.title()).toBe('Thank you for your feedback!')
    act(() => {
      vi.advanceTimersByTime(2900)
    })
    expect(widget.onClose).not.toHaveBeenCalled()
    act(() => {
      vi.advanceTimersByTime(100)
    })
    expect(widget.onClose).toHaveBeenCalledTimes(1)
    expect(widget.onDismiss).not.toHaveBeenCalled()
    expect(document.querySelector('heed-survey')).toBeNull()
  })

  it('the close button before a score records a dismissal, then closes', () => {
    const widget = mount()
    const order: string[] = []
    widget.onDismiss.mockImplementation(() => order.push('dismiss'))
    widget.onClose.mockImplementation(() => order.push('close'))
    const close = widget.buttons()[0]!
    expect(close.getAttribute('aria-label')).toBe('Close')
    click(close)
    expect(order).toEqual(['dismiss', 'close'])
    expect(document.querySelector('heed-survey')).toBeNull()
  })

  it('a callback that throws does not reach the page, and the survey goes on', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const widget = mount()
    widget.onScore.mockImplementation(() => {
      throw new Error('loader failed')
    })
    expect(() => click(widget.radios()[3]!)).not.toThrow()
    expect(debug).toHaveBeenCalled()
    expect(widget.followUp()).toBe('What should we fix first?')
  })

  it('a survey it cannot render throws nothing, leaves nothing, and calls onClose before it returns', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const broken = { ...aSurvey(), question: undefined } as unknown as WidgetSurvey
    const onClose = vi.fn()
    const onShown = vi.fn()
    const callbacks = { onShown, onScore() {}, onComment() {}, onDismiss() {}, onClose }
    const options = { survey: broken, locales: ['en'], ...callbacks }
    expect(() => mountSurvey(options)).not.toThrow()
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(onShown).not.toHaveBeenCalled()
    expect(document.querySelector('heed-survey')).toBeNull()
    expect(debug).toHaveBeenCalled()
  })

  it('a survey that breaks after it showed throws nothing into the page and closes itself', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const widget = mount({ ...aSurvey(), followUp: undefined } as unknown as WidgetSurvey)
    expect(() => click(widget.radios()[3]!)).not.toThrow()
    expect(widget.onScore).toHaveBeenCalledWith(3)
    await new Promise((resolve) => setTimeout(resolve))
    expect(widget.onClose).toHaveBeenCalledTimes(1)
    expect(widget.onDismiss).not.toHaveBeenCalled()
    expect(document.querySelector('heed-survey')).toBeNull()
    expect(debug).toHaveBeenCalled()
  })
})

describe('escape', () => {
  it('before a score: onDismiss, then onClose', () => {
    const widget = mount()
    press(widget.radios()[0]!, 'Escape')
    expect(widget.onDismiss).toHaveBeenCalledTimes(1)
    expect(widget.onClose).toHaveBeenCalledTimes(1)
    expect(widget.onDismiss.mock.invocationCallOrder[0]).toBeLessThan(
      widget.onClose.mock.invocationCallOrder[0]!,
    )
    expect(document.querySelector('heed-survey')).toBeNull()
  })

  it('after a score: onClose only', () => {
    const widget = mount()
    click(widget.radios()[8]!)
    press(widget.textarea()!, 'Escape')
    expect(widget.onDismiss).not.toHaveBeenCalled()
    expect(widget.onClose).toHaveBeenCalledTimes(1)
    expect(document.querySelector('heed-survey')).toBeNull()
  })

  it('leaves an input method its Escape while it composes', () => {
    const widget = mount()
    click(widget.radios()[8]!)
    press(widget.textarea()!, 'Escape', { isComposing: true })
    expect(widget.onClose).not.toHaveBeenCalled()
    expect(widget.textarea()).not.toBeNull()
  })

  it('does not reach the page: its own Escape handlers stay quiet', () => {
    const pageHandler = vi.fn()
    document.addEventListener('keydown', pageHandler)
    const widget = mount()
    press(widget.radios()[0]!, 'Escape')
    document.removeEventListener('keydown', pageHandler)
    expect(pageHandler).not.toHaveBeenCalled()
  })
})
