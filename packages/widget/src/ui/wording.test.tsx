import { afterEach, describe, expect, it } from 'vitest'
import { aSurvey, clearPage, click, mount } from './test-support'

afterEach(() => {
  clearPage()
})

const multilingual = aSurvey({
  defaultLocale: 'en',
  question: {
    en: 'Recommend us?',
    pt: 'Nos recomendaria?',
    de: 'Würden Sie uns empfehlen?',
    he: 'האם תמליצו עלינו?',
  },
  followUp: { default: { en: 'Why?', pt: 'Por quê?', de: 'Warum?' }, detractor: { en: 'What went wrong?' } },
})

describe('language', () => {
  it('shows the best translation for the person, and the widget’s own words in the same language', () => {
    const widget = mount(multilingual, ['pt-BR', 'en'])
    expect(widget.title()).toBe('Nos recomendaria?')
    expect(widget.dialog()?.lang).toBe('pt')
    expect(widget.buttons()[0]!.getAttribute('aria-label')).toBe('Fechar')
    expect(widget.find('#lo')?.textContent).toBe('Nada provável')
  })

  it('falls back to the survey’s default locale, and English words, when no preferred locale is translated', () => {
    const widget = mount(multilingual, ['sv-SE', 'fi'])
    expect(widget.title()).toBe('Recommend us?')
    expect(widget.dialog()?.lang).toBe('en')
    expect(widget.dialog()?.dir).toBe('ltr')
  })

  it('keeps the question’s language for the follow-up when it has it, else falls back', () => {
    const german = mount(multilingual, ['de-AT'])
    click(german.radios()[7]!)
    expect(german.followUp()).toBe('Warum?')
    german.handle.close()
    const detractor = mount(multilingual, ['de'])
    click(detractor.radios()[2]!)
    expect(detractor.followUp()).toBe('What went wrong?')
  })

  it('speaks German, French, Spanish and Japanese by default', () => {
    const cases: [string, string][] = [
      ['de', 'Senden'],
      ['fr', 'Envoyer'],
      ['es', 'Enviar'],
      ['ja', '送信'],
    ]
    for (const [locale, send] of cases) {
      const widget = mount(aSurvey({ defaultLocale: locale, question: { [locale]: '?' } }), [locale])
      click(widget.radios()[7]!)
      expect(widget.buttons().at(-1)?.textContent).toBe(send)
      widget.handle.close()
    }
  })

  it('is written right to left in Hebrew, Arabic, Persian and Urdu', () => {
    const hebrew = mount(multilingual, ['he-IL'])
    expect(hebrew.dialog()?.dir).toBe('rtl')
    expect(hebrew.dialog()?.lang).toBe('he')
    expect(hebrew.buttons()[0]!.getAttribute('aria-label')).toBe('סגירה')
    hebrew.handle.close()
    for (const locale of ['ar', 'fa-IR', 'ur']) {
      const widget = mount(aSurvey({ defaultLocale: locale, question: { [locale]: '?' } }), [locale])
      expect(widget.dialog()?.dir).toBe('rtl')
      widget.handle.close()
    }
  })
})
