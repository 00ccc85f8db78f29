import { afterEach, describe, expect, it } from 'vitest'
import { aSurvey, clearPage, click, mount, press, type } from './test-support'

afterEach(() => {
  clearPage()
})

const checked = (radios: HTMLElement[]) =>
  radios.filter((radio) => radio.getAttribute('aria-checked') === 'true')
const focused = (widget: ReturnType<typeof mount>) => widget.root?.activeElement?.textContent

describe('the scale', () => {
  it('is a radio group named by the question, NPS 0-10 with its end labels', () => {
    const widget = mount()
    const group = widget.find('[role=radiogroup]')!
    expect(group.getAttribute('aria-labelledby')).toBe('q')
    expect(widget.radios().map((radio) => radio.textContent)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ])
    expect(widget.find('#lo')?.textContent).toBe('Not at all likely')
    expect(widget.find('#hi')?.textContent).toBe('Extremely likely')
    expect(widget.radios()[0]!.getAttribute('aria-describedby')).toBe('lo')
    expect(widget.radios()[10]!.getAttribute('aria-describedby')).toBe('hi')
  })

  it('asks CSAT 1-5 and CES 1-7 with their own default labels', () => {
    const csat = mount(aSurvey({ kind: 'csat' }))
    expect(csat.radios().map((radio) => radio.textContent)).toEqual(['1', '2', '3', '4', '5'])
    expect(csat.find('#lo')?.textContent).toBe('Very dissatisfied')
    csat.handle.close()
    const ces = mount(aSurvey({ kind: 'ces' }))
    expect(ces.radios().map((radio) => radio.textContent)).toEqual(['1', '2', '3', '4', '5', '6', '7'])
    expect([ces.find('#lo')?.textContent, ces.find('#hi')?.textContent]).toEqual([
      'Very difficult',
      'Very easy',
    ])
  })

  it('uses the survey’s own scale labels when it has them', () => {
    const widget = mount(aSurvey({ scaleLabels: { low: { en: 'Never' }, high: { en: 'Absolutely' } } }))
    expect([widget.find('#lo')?.textContent, widget.find('#hi')?.textContent]).toEqual([
      'Never',
      'Absolutely',
    ])
  })

  it('has one tab stop, nothing checked until the person selects', () => {
    const widget = mount()
    expect(widget.radios().map((radio) => radio.tabIndex)).toEqual([
      0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ])
    expect(checked(widget.radios())).toEqual([])
  })
})

describe('choosing with a pointer', () => {
  it('sends the score at once, once, and asks the follow-up of its bucket under the scale', () => {
    const widget = mount()
    click(widget.radios()[3]!)
    expect(widget.onScore).toHaveBeenCalledTimes(1)
    expect(widget.onScore).toHaveBeenCalledWith(3)
    expect(widget.followUp()).toBe('What should we fix first?')
    expect(widget.title()).toBe('How likely are you to recommend us?')
    expect(checked(widget.radios()).map((radio) => radio.textContent)).toEqual(['3'])
  })

  it('asks promoters their own question and the rest the default one', () => {
    const promoter = mount()
    click(promoter.radios()[10]!)
    expect(promoter.followUp()).toBe('What do you like most?')
    promoter.handle.close()
    const passive = mount()
    click(passive.radios()[7]!)
    expect(passive.followUp()).toBe('Why that score?')
  })

  it('keeps focus on the answer, not in the text box (no phone keyboard pops up)', () => {
    const widget = mount()
    widget.radios()[5]!.focus()
    click(widget.radios()[5]!)
    expect(widget.root?.activeElement).toBe(widget.radios()[5])
  })

  it('lets the chosen score be changed until the comment is sent, keeping what was typed', () => {
    const widget = mount()
    click(widget.radios()[3]!)
    type(widget.textarea()!, 'Search is slow')
    click(widget.radios()[9]!)
    expect(widget.onScore.mock.calls).toEqual([[3], [9]])
    expect(checked(widget.radios()).map((radio) => radio.textContent)).toEqual(['9'])
    expect(widget.followUp()).toBe('What do you like most?')
    expect(widget.textarea()!.value).toBe('Search is slow')
    expect(
      widget
        .radios()
        .map((radio) => radio.tabIndex)
        .indexOf(0),
    ).toBe(9)
  })
})

describe('the keyboard', () => {
  it('moves with the arrows, without checking or sending a score', () => {
    const widget = mount()
    const radios = widget.radios()
    radios[0]!.focus()
    press(radios[0]!, 'ArrowRight')
    expect(focused(widget)).toBe('1')
    expect(checked(widget.radios())).toEqual([])
    expect(
      widget
        .radios()
        .map((radio) => radio.tabIndex)
        .indexOf(0),
    ).toBe(1)
    press(radios[1]!, 'ArrowDown')
    expect(focused(widget)).toBe('2')
    press(radios[2]!, 'ArrowUp')
    press(radios[1]!, 'ArrowLeft')
    expect(focused(widget)).toBe('0')
    expect(widget.onScore).not.toHaveBeenCalled()
  })

  it('wraps around at both ends, and Home and End jump to them', () => {
    const widget = mount()
    const radios = widget.radios()
    const left = press(radios[0]!, 'ArrowLeft')
    expect(left.defaultPrevented).toBe(true)
    expect(focused(widget)).toBe('10')
    press(radios[10]!, 'ArrowRight')
    expect(focused(widget)).toBe('0')
    press(radios[0]!, 'End')
    expect(focused(widget)).toBe('10')
    press(radios[10]!, 'Home')
    expect(focused(widget)).toBe('0')
    expect(
      widget
        .radios()
        .map((radio) => radio.tabIndex)
        .indexOf(0),
    ).toBe(0)
  })

  it('runs the horizontal arrows the other way in a right-to-left language', () => {
    const widget = mount(aSurvey({ question: { en: 'Recommend?', ar: 'هل تنصح بنا؟' } }), ['ar'])
    const radios = widget.radios()
    press(radios[4]!, 'ArrowLeft')
    expect(focused(widget)).toBe('5')
    press(radios[5]!, 'ArrowRight')
    expect(focused(widget)).toBe('4')
  })

  it('chooses with Enter, then moves focus into the follow-up text box', () => {
    const widget = mount()
    const radios = widget.radios()
    radios[0]!.focus()
    press(radios[0]!, 'End')
    press(radios[10]!, 'ArrowLeft')
    const enter = press(radios[9]!, 'Enter')
    expect(enter.defaultPrevented).toBe(true)
    expect(widget.onScore).toHaveBeenCalledTimes(1)
    expect(widget.onScore).toHaveBeenCalledWith(9)
    expect(widget.root?.activeElement).toBe(widget.textarea())
    expect(checked(widget.radios()).map((radio) => radio.textContent)).toEqual(['9'])
  })

  it('changes a chosen score: the arrows move off it without unchecking it, Enter chooses again', () => {
    const widget = mount()
    const radios = widget.radios()
    press(radios[2]!, 'Enter')
    press(radios[2]!, 'ArrowRight')
    expect(focused(widget)).toBe('3')
    expect(checked(widget.radios()).map((radio) => radio.textContent)).toEqual(['2'])
    press(radios[3]!, 'Enter')
    expect(widget.onScore.mock.calls).toEqual([[2], [3]])
    expect(checked(widget.radios()).map((radio) => radio.textContent)).toEqual(['3'])
    expect(widget.root?.activeElement).toBe(widget.textarea())
  })

  it('chooses with Space, even before anything was selected', () => {
    const widget = mount()
    const first = widget.radios()[0]!
    first.focus()
    const space = press(first, ' ')
    expect(space.defaultPrevented).toBe(true)
    expect(widget.onScore).toHaveBeenCalledWith(0)
    expect(widget.followUp()).toBe('What should we fix first?')
  })

  it('leaves other keys to the browser', () => {
    const widget = mount()
    const tab = press(widget.radios()[0]!, 'Tab')
    expect(tab.defaultPrevented).toBe(false)
    expect(widget.onScore).not.toHaveBeenCalled()
  })
})
