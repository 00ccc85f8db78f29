import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectLanguage } from './language'

describe('detectLanguage', () => {
  it.each([
    ['The export keeps failing and support is slow', 'en'],
    ['Die App ist viel zu langsam und stürzt ständig ab.', 'de'],
    ['Le produit est très bien mais un peu cher.', 'fr'],
    ['La aplicación es muy lenta.', 'es'],
    ['O aplicativo trava toda hora.', 'pt'],
    ['Il prodotto è ottimo ma la documentazione è scarsa.', 'it'],
    ['De app is traag en de prijs is te hoog.', 'nl'],
    ['とても使いやすいです。', 'ja'],
    ['動作が遅すぎます。', 'ja'],
    ['界面很好用，但是价格太贵了。', 'zh'],
    ['사용하기 편해요.', 'ko'],
    ['Приложение постоянно зависает.', 'ru'],
    ['Η εφαρμογή είναι αργή', 'el'],
  ])('names %s as %s', (text, code) => {
    expect(detectLanguage(text)).toEqual({ code, supported: code === 'en' })
  })

  it('scores short texts without function words as undetermined rather than refusing them', () => {
    for (const text of ['ok', 'meh', '👍', 'N/A', 'Excellent!', '-', '']) {
      expect(detectLanguage(text)).toEqual({ code: 'und', supported: true })
    }
  })

  it('keeps English with a foreign name or word English', () => {
    expect(detectLanguage('Thanks to Maria from support, she was great').code).toBe('en')
    expect(detectLanguage('I would die for a dark mode in the app').code).toBe('en')
    expect(detectLanguage('Please add e-mail alerts for x and y').supported).toBe(true)
  })

  it('reads English with accented letters as English, not German (letters alone name no language)', () => {
    expect(detectLanguage('ünïcødé')).toEqual({ code: 'und', supported: true })
    expect(detectLanguage('Über slow today')).toEqual({ code: 'und', supported: true })
    expect(detectLanguage('Müller & Söhne account is locked out')).toEqual({ code: 'en', supported: true })
    expect(detectLanguage('The ünïcødé names break the export')).toEqual({ code: 'en', supported: true })
    // Accented letters still add to a language whose words are there.
    expect(detectLanguage('Zu langsam, ständig Fehler').code).toBe('de')
  })

  it('answers for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const { code, supported } = detectLanguage(text)
        expect(supported).toBe(code === 'en' || code === 'und')
      }),
    )
  })
})
