import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type PreviewHandle, showPreview } from './preview'
import { aSurvey, clearPage, click, type } from './test-support'

afterEach(() => {
  vi.useRealTimers()
  clearPage()
})

function preview() {
  const host = document.createElement('div')
  document.body.append(host)
  let handle: PreviewHandle | undefined
  act(() => {
    handle = showPreview(host, aSurvey(), ['en'])
  })
  const root = host.shadowRoot!
  return {
    handle: handle!,
    title: () => root.querySelector('#q')?.textContent,
    radios: () => [...root.querySelectorAll<HTMLElement>('[role=radio]')],
    find: <E extends Element>(selector: string) => root.querySelector<E>(selector),
  }
}

describe('the survey preview', () => {
  it('renders the widget UI in place, and follows the edited survey', () => {
    const shown = preview()
    expect(shown.title()).toBe('How likely are you to recommend us?')
    expect(shown.radios()).toHaveLength(11)
    act(() => shown.handle.update(aSurvey({ kind: 'ces', question: { en: 'Was it easy?' } })))
    expect(shown.title()).toBe('Was it easy?')
    expect(shown.radios()).toHaveLength(7)
  })

  it('keeps the chosen score across edits and shows the follow-up of its bucket', () => {
    const shown = preview()
    click(shown.radios()[2]!)
    expect(shown.find('label')?.textContent).toBe('What should we fix first?')
    act(() =>
      shown.handle.update(
        aSurvey({ followUp: { default: { en: 'Why?' }, detractor: { en: 'What went wrong?' } } }),
      ),
    )
    expect(shown.find('label')?.textContent).toBe('What went wrong?')
  })

  it('starts again when the survey closes itself, so the preview never goes blank', () => {
    vi.useFakeTimers()
    const shown = preview()
    click(shown.radios()[9]!)
    type(shown.find<HTMLTextAreaElement>('textarea')!, 'Great')
    click([...shown.find('.a')!.querySelectorAll('button')].at(-1)!)
    expect(shown.find('[role=status]')).not.toBeNull()
    act(() => {
      vi.advanceTimersByTime(3000)
    })
    expect(shown.title()).toBe('How likely are you to recommend us?')
    expect(shown.find('textarea')).toBeNull()
  })
})
