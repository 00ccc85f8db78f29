import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { toFieldIssues } from './issues'
import { ZLocale, ZLocalizedText } from './locale'

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected the parse to fail')
  return toFieldIssues(result.error).map((issue) => `${issue.field}: ${issue.message}`)
}

describe('ZLocale', () => {
  it('accepts common tags and spells them canonically', () => {
    expect(ZLocale.parse('en')).toBe('en')
    expect(ZLocale.parse('pt-br')).toBe('pt-BR')
    expect(ZLocale.parse('pt_BR')).toBe('pt-BR')
    expect(ZLocale.parse('ZH-HANT-tw')).toBe('zh-Hant-TW')
    expect(ZLocale.parse('es-419')).toBe('es-419')
    expect(ZLocale.parse('de-ch-1996')).toBe('de-CH-1996')
    expect(ZLocale.parse('sl-ROZAJ-biske')).toBe('sl-rozaj-biske')
    expect(ZLocale.parse('fil')).toBe('fil')
  })

  it('rejects what is not a tag, and tags longer than 35 characters', () => {
    for (const tag of ['', 'english', 'e', 'en-', 'en US', 'en-USA1', 'x-private', '12']) {
      expect(messagesOf(ZLocale, tag)).toEqual(["body: must be a locale tag such as 'en' or 'pt-BR'"])
    }
    expect(messagesOf(ZLocale, `en-${Array(7).fill('abcde').join('-')}`)).toEqual([
      "body: must be a locale tag such as 'en' or 'pt-BR'",
    ])
    expect(ZLocale.parse(`en-${Array(5).fill('abcde').join('-')}`)).toHaveLength(32)
  })
})

describe('ZLocalizedText', () => {
  const ZText = ZLocalizedText(10)

  it('trims texts and spells locale keys canonically', () => {
    expect(ZText.parse({ en: ' Hello ', pt_br: 'Olá' })).toEqual({ en: 'Hello', 'pt-BR': 'Olá' })
  })

  it('requires at least one locale and at most 50', () => {
    expect(messagesOf(ZText, {})).toEqual(['body: must have a text for at least one locale'])
    const tags = Array.from(
      { length: 51 },
      (_, i) => `a${String.fromCharCode(97 + (i % 26))}${i < 26 ? '' : 'a'}`,
    )
    expect(new Set(tags).size).toBe(51)
    const many = Object.fromEntries(tags.map((tag) => [tag, 'x']))
    expect(messagesOf(ZText, many)).toEqual(['body: must have at most 50 locales'])
  })

  it('names the locale whose text is empty or too long', () => {
    expect(messagesOf(ZText, { en: '  ', de: 'Hallo' })).toEqual(['en: must not be empty'])
    expect(messagesOf(ZText, { en: 'Hello', de: 'Guten Morgen' })).toEqual([
      'de: must be at most 10 characters',
    ])
    expect(messagesOf(ZText, { en: 1 })).toEqual(['en: must be a string'])
  })

  it('names keys that are not locale tags, or that repeat a locale', () => {
    expect(messagesOf(ZText, { en: 'Hi', english: 'Hi' })).toEqual([
      "english: key must be a locale tag such as 'en' or 'pt-BR'",
    ])
    expect(messagesOf(ZText, { 'pt-BR': 'Oi', 'pt-br': 'Olá' })).toEqual([
      "pt-br: names the same locale as 'pt-BR'",
    ])
  })

  it('rejects a non-object', () => {
    expect(messagesOf(ZText, 'Hello')).toEqual(['body: must be an object'])
  })
})
