import type { PreviewHandle, WidgetSurvey } from '@heed/widget/preview'
import { useEffect, useRef, useState } from 'preact/hooks'

/**
 * The survey as a visitor will see it, drawn by the widget's own UI: its chunk loads only when an editor
 * opens, so the first page does not pay for it. Choosing a score shows the follow-up of its bucket; nothing
 * is sent.
 */
export function SurveyPreview({ survey }: { survey: WidgetSurvey }) {
  const host = useRef<HTMLDivElement>(null)
  const handle = useRef<PreviewHandle>()
  const latest = useRef(survey)
  latest.current = survey
  const [failed, setFailed] = useState<string>()
  useEffect(() => {
    let current = true
    import('@heed/widget/preview').then(
      ({ showPreview }) => {
        if (!current || !host.current) return
        handle.current = showPreview(host.current, latest.current, [latest.current.defaultLocale])
      },
      () => current && setFailed('The preview could not load. Reload the page to try again.'),
    )
    return () => {
      current = false
      handle.current?.close()
      handle.current = undefined
    }
  }, [])
  useEffect(() => {
    handle.current?.update(survey)
  }, [survey])
  return (
    <figure class="preview card" aria-labelledby="preview-title">
      <figcaption id="preview-title" class="card-title">
        Preview, as a visitor sees it
      </figcaption>
      {failed ? (
        <p class="form-error" role="alert">
          {failed}
        </p>
      ) : (
        <div ref={host} class="preview-stage" />
      )}
      <p class="muted small">Try it: pick a score to see the follow-up question. Nothing is sent.</p>
    </figure>
  )
}
