import { afterEach, describe, expect, it } from 'vitest'
import { aSurvey, clearPage, click, mount, press, type } from './test-support'

afterEach(() => {
  clearPage()
})

/** A widget past the score, at the follow-up question. */
function atFollowUp(...args: Parameters<typeof mount>) {
  const widget = mount(...args)
  click(widget.radios()[7]!)
  const button = (name: string) => widget.buttons().find((candidate) => candidate.textContent === name)!
  return { ...widget, send: () => button('Send'), skip: () => button('Skip') }
}

describe('the follow-up', () => {
  it('is a text box labelled by the question, as long as the ingest API allows', () => {
    const widget = atFollowUp()
    const textarea = widget.textarea()!
    expect(widget.find<HTMLLabelElement>('label')?.htmlFor).toBe(textarea.id)
    expect(widget.find('label')?.textContent).toBe('Why that score?')
    expect(textarea.maxLength).toBe(5000)
  })

  it('sends the comment trimmed, once, then thanks', () => {
    const widget = atFollowUp()
    type(widget.textarea()!, '  The export is slow \n')
    click(widget.send())
    expect(widget.onComment).toHaveBeenCalledTimes(1)
    expect(widget.onComment).toHaveBeenCalledWith('The export is slow')
    expect(widget.title()).toBe('Thank you for your feedback!')
    expect(widget.find('[role=status]')).not.toBeNull()
    expect(widget.onScore).toHaveBeenCalledTimes(1)
  })

  it('cannot send only spaces', () => {
    const widget = atFollowUp()
    expect(widget.send().disabled).toBe(true)
    type(widget.textarea()!, '   \n ')
    expect(widget.send().disabled).toBe(true)
    click(widget.send())
    expect(widget.onComment).not.toHaveBeenCalled()
    expect(widget.textarea()).not.toBeNull()
  })

  it('sends with Ctrl+Enter and keeps Enter alone for a new line', () => {
    const widget = atFollowUp()
    type(widget.textarea()!, 'Line one')
    const enter = press(widget.textarea()!, 'Enter')
    expect(enter.defaultPrevented).toBe(false)
    expect(widget.onComment).not.toHaveBeenCalled()
    press(widget.textarea()!, 'Enter', { ctrlKey: true })
    expect(widget.onComment).toHaveBeenCalledWith('Line one')
  })

  it('can be skipped: no comment, straight to the thank-you of the survey', () => {
    const widget = atFollowUp(aSurvey({ thankYou: { en: 'Thanks, we read every answer.' } }))
    click(widget.skip())
    expect(widget.onComment).not.toHaveBeenCalled()
    expect(widget.title()).toBe('Thanks, we read every answer.')
  })

  it('keeps focus in the widget when its button leaves with the step', () => {
    const widget = atFollowUp()
    type(widget.textarea()!, 'ok')
    widget.send().focus()
    click(widget.send())
    expect(widget.root?.activeElement).toBe(widget.dialog())
  })

  it('closing after the score never records a dismissal', () => {
    const widget = atFollowUp()
    click(widget.buttons()[0]!)
    expect(widget.onDismiss).not.toHaveBeenCalled()
    expect(widget.onClose).toHaveBeenCalledTimes(1)
    expect(document.querySelector('heed-survey')).toBeNull()
  })

  it('closing the thank-you with Escape closes once', () => {
    const widget = atFollowUp()
    click(widget.skip())
    press(widget.dialog()!, 'Escape')
    expect(widget.onClose).toHaveBeenCalledTimes(1)
    expect(widget.onDismiss).not.toHaveBeenCalled()
  })
})
