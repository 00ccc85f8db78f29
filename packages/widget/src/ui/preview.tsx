import { render } from 'preact'
import type { WidgetSurvey } from '../survey'
import { STYLES } from './styles'
import { Survey } from './survey'

export type { WidgetSurvey }

/**
 * The card in the flow of the element that holds it, instead of over the page: in the survey editor the
 * preview sits beside the form. `.w.w` outweighs the position classes, so every position previews in place.
 */
const IN_PLACE =
  '.w.w{position:relative;inset:auto;margin:0 auto;z-index:auto;max-height:none;animation:none}'

export interface PreviewHandle {
  /** Shows the survey as now edited; a score already chosen stays chosen. */
  update(survey: WidgetSurvey): void
  close(): void
}

/**
 * The widget's own survey UI (the same component and rules a visitor's browser renders) in a shadow root
 * on `host`, for the dashboard's survey editor. Nothing is sent: a score, a comment and a dismissal go
 * nowhere, and when the survey closes itself (after the thank-you, or ×) it starts again, so the preview
 * never disappears.
 */
export function showPreview(
  host: HTMLElement,
  survey: WidgetSurvey,
  locales: readonly string[],
): PreviewHandle {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(`${STYLES}\n${IN_PLACE}`)
  root.adoptedStyleSheets = [sheet]
  let current = survey
  let round = 0
  const nothing = () => {}
  const draw = () =>
    render(
      <Survey
        key={round}
        survey={current}
        locales={locales}
        onScore={nothing}
        onComment={nothing}
        onDismiss={nothing}
        onClose={() => {
          round += 1
          draw()
        }}
      />,
      root,
    )
  draw()
  return {
    update(next) {
      current = next
      draw()
    },
    close: () => render(null, root),
  }
}
