import { describe, expect, it } from 'vitest'
import { pickLocalized } from './localized-text'

describe('pickLocalized', () => {
  const text = {
    en: 'How likely…',
    pt: 'Qual a probabilidade…',
    'pt-BR': 'Qual é a chance…',
    'de-AT': 'Wie wahrscheinlich…',
  }

  it('prefers the exact tag, case-insensitively', () => {
    expect(pickLocalized(text, ['pt-BR'], 'en')).toBe('Qual é a chance…')
    expect(pickLocalized(text, ['PT_br'], 'en')).toBe('Qual é a chance…')
  })

  it('falls back to the language alone, then to another region of the language', () => {
    expect(pickLocalized(text, ['pt-PT'], 'en')).toBe('Qual a probabilidade…')
    expect(pickLocalized(text, ['de-CH'], 'en')).toBe('Wie wahrscheinlich…')
    expect(pickLocalized(text, ['de'], 'en')).toBe('Wie wahrscheinlich…')
  })

  it('honours the order of the wanted locales over the strength of the match', () => {
    expect(pickLocalized(text, ['de-DE', 'en'], 'en')).toBe('Wie wahrscheinlich…')
    expect(pickLocalized(text, ['fr', 'pt'], 'en')).toBe('Qual a probabilidade…')
  })

  it('uses the default locale when nothing wanted is translated', () => {
    expect(pickLocalized(text, ['fr-FR', 'ja'], 'en')).toBe('How likely…')
    expect(pickLocalized(text, [], 'pt-BR')).toBe('Qual é a chance…')
  })

  it('uses any text when even the default is missing, and "" when there is none', () => {
    expect(pickLocalized({ sv: 'Hur troligt…' }, ['fr'], 'en')).toBe('Hur troligt…')
    expect(pickLocalized({}, ['fr'], 'en')).toBe('')
  })

  it('does not mistake inherited object members for texts', () => {
    expect(pickLocalized({ en: 'Hi' }, ['constructor'], 'toString')).toBe('Hi')
  })
})
