import { Component, type ComponentChildren, render } from 'preact'
import type { WidgetSurvey } from '../survey'
import { STYLES } from './styles'
import { Survey } from './survey'

export interface MountOptions {
  survey: WidgetSurvey
  /** Preferred locales, best first (init option, else navigator.languages). */
  locales: readonly string[]
  /**
   * The survey is on screen: at least half of it inside the viewport, not hidden. Called once, when that
   * first comes true, which may be never (a content blocker hides it): only then is it a display.
   */
  onShown(): void
  /** The person chose a score, or changed it: the loader sends it at once (a response, created or updated). */
  onScore(score: number): void
  /** The person sent the follow-up text: the loader updates the same response. */
  onComment(comment: string): void
  /** Closed before any score was chosen: the loader records a dismissal. */
  onDismiss(): void
  /** The widget is gone from the page (after thank-you, or dismissal): the loader forgets the handle. */
  onClose(): void
}

export interface SurveyHandle {
  /** Removes the widget and everything it added, without calling onDismiss or onClose: the caller knows. */
  close(): void
}

function report(error: unknown): void {
  console.debug('heed:', error)
}

/**
 * Turns an error the survey throws while rendering into closing it, instead of an error in the page.
 * Setting state is what tells Preact the error is handled; without it Preact throws it on.
 */
class Guard extends Component<{ onError(): void; children: ComponentChildren }, { failed?: boolean }> {
  override componentDidCatch(error: unknown) {
    report(error)
    this.setState({ failed: true })
    this.props.onError()
  }
  override render() {
    return this.state.failed ? null : this.props.children
  }
}

/**
 * Shows `survey` in a shadow root on its own element at the end of <body>, where the page's CSS cannot
 * reach it, and in the browser's top layer (a manual popover), where nothing of the page can cover it or
 * move it: no z-index, and no transform or filter on an ancestor, which would otherwise make that
 * ancestor the box a fixed position is relative to. A browser without popovers (before Chrome 114,
 * Safari 17, Firefox 125) gets the element at the end of <html> instead, out of reach of <body>'s
 * transforms, at the highest z-index. Never throws: a survey that cannot show logs to console.debug and
 * calls onClose before mountSurvey returns, so the loader knows nothing was shown; one that breaks later
 * closes itself. When it goes, focus returns to where it was before it entered the survey, if it is inside.
 */
export function mountSurvey(options: MountOptions): SurveyHandle {
  const host = document.createElement('heed-survey')
  let gone = false
  let seen: IntersectionObserver | undefined
  /** The page's element that had focus before focus entered the survey. */
  let before: HTMLElement | undefined
  const remove = () => {
    if (gone) return
    gone = true
    seen?.disconnect()
    try {
      const root = host.shadowRoot
      if (root) {
        // Before it leaves the page with its element: else it falls to <body>.
        if (root.activeElement) before?.focus()
        render(null, root)
      }
    } catch (error) {
      report(error)
    }
    host.remove()
  }
  // The loader's callbacks neither run after the widget is gone nor throw into the page through it.
  const guard =
    <A extends unknown[]>(callback: (...args: A) => void, removes?: boolean) =>
    (...args: A) => {
      if (gone) return
      if (removes) remove()
      try {
        callback(...args)
      } catch (error) {
        report(error)
      }
    }
  const onClose = guard(options.onClose, true)
  let mounted = false
  let failed = false
  const onError = () => {
    // Once shown, Preact is inside its diff when it reports: unmount after it has returned.
    if (mounted) setTimeout(onClose)
    else failed = true
  }
  try {
    // Inline through the CSSOM, which a strict style-src CSP allows: the page's rules for any element
    // (`* { … }`) must not reach the host; only !important rules can.
    host.style.cssText = 'all:initial'
    const root = host.attachShadow({ mode: 'open' })
    root.addEventListener('focusin', (event) => {
      const from = (event as FocusEvent).relatedTarget as HTMLElement | null
      if (from && !root.contains(from)) before = from
    })
    const topLayer = 'showPopover' in host
    ;(topLayer ? document.body : document.documentElement).append(host)
    render(
      <Guard onError={onError}>
        <Survey
          survey={options.survey}
          locales={options.locales}
          onScore={guard(options.onScore)}
          onComment={guard(options.onComment)}
          onDismiss={guard(options.onDismiss)}
          onClose={onClose}
        />
      </Guard>,
      root,
    )
    adoptStyles(root)
    const card = root.querySelector<HTMLElement>('[role=dialog]')
    if (card) {
      // The attribute only with the API: where the browser knows one without the other, [popover] would
      // hide the card until a showPopover() that never comes.
      if (topLayer) {
        card.popover = 'manual'
        card.showPopover()
      }
      const onShown = guard(options.onShown)
      seen = new IntersectionObserver(
        ([entry]) => {
          if (entry!.intersectionRatio < 0.5) return
          seen!.disconnect()
          onShown()
        },
        { threshold: 0.5 },
      )
      seen.observe(card)
    }
    mounted = true
  } catch (error) {
    report(error)
    failed = true
  }
  if (failed) onClose()
  return { close: remove }
}

/**
 * A constructed style sheet where the browser has them: unlike a <style> element, a strict
 * Content-Security-Policy (no 'unsafe-inline' styles) does not block it. Older browsers get the element.
 */
function adoptStyles(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(STYLES)
    root.adoptedStyleSheets = [sheet]
  } catch {
    const style = document.createElement('style')
    style.textContent = STYLES
    root.append(style)
  }
}
