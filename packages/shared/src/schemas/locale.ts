import { z } from 'zod'
import { LIMITS } from './limits'

/**
 * The common subset of BCP 47: language, optional script, optional region, optional variants
 * ('en', 'pt-BR', 'zh-Hant-TW', 'es-419', 'de-CH-1996'). Extensions and private-use tags are left out:
 * no survey text needs them. Underscores are accepted because many systems write 'pt_BR'.
 */
const LOCALE_TAG =
  /^[a-z]{2,3}(?:[-_][a-z]{4})?(?:[-_](?:[a-z]{2}|\d{3}))?(?:[-_](?:[a-z\d]{5,8}|\d[a-z\d]{3}))*$/i
const LOCALE_MESSAGE = "must be a locale tag such as 'en' or 'pt-BR'"

/** Whether ZLocale accepts `tag`. */
export function isLocaleTag(tag: string): boolean {
  return tag.length <= LIMITS.locale && LOCALE_TAG.test(tag)
}

/** The canonical spelling of a valid tag: 'pt_br' -> 'pt-BR', 'ZH-HANT-tw' -> 'zh-Hant-TW'. */
export function normaliseLocale(tag: string): string {
  return tag
    .split(/[-_]/)
    .map((part, i) => {
      if (i === 0) return part.toLowerCase()
      if (part.length === 4 && /^[a-z]+$/i.test(part))
        return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()
      if (part.length === 2) return part.toUpperCase()
      return part.toLowerCase()
    })
    .join('-')
}

/** A locale tag, stored in its canonical spelling so 'pt-br' and 'pt-BR' are one locale. */
export const ZLocale = z.string().refine(isLocaleTag, LOCALE_MESSAGE).overwrite(normaliseLocale)
export type TLocale = z.infer<typeof ZLocale>

/**
 * One text in several languages: locale tag -> non-empty text of at most `max` characters, 1..50 locales.
 * Keys are stored canonically; two keys naming the same locale ('pt-br' and 'pt-BR') are an error rather
 * than one silently replacing the other.
 */
export function ZLocalizedText(max: number) {
  return z
    .record(z.string(), z.string().trim().min(1).max(max))
    .superRefine((text, ctx) => {
      const tags = Object.keys(text)
      if (tags.length === 0) {
        ctx.addIssue({ code: 'custom', input: text, message: 'must have a text for at least one locale' })
      }
      if (tags.length > LIMITS.locales) {
        ctx.addIssue({ code: 'custom', input: text, message: `must have at most ${LIMITS.locales} locales` })
        return
      }
      const seen = new Map<string, string>()
      for (const tag of tags) {
        if (!isLocaleTag(tag)) {
          ctx.addIssue({ code: 'custom', input: tag, path: [tag], message: `key ${LOCALE_MESSAGE}` })
          continue
        }
        const canonical = normaliseLocale(tag)
        const first = seen.get(canonical)
        if (first === undefined) seen.set(canonical, tag)
        else
          ctx.addIssue({
            code: 'custom',
            input: tag,
            path: [tag],
            message: `names the same locale as '${first}'`,
          })
      }
    })
    .overwrite((text) => {
      const canonical: Record<string, string> = {}
      for (const [tag, value] of Object.entries(text)) canonical[normaliseLocale(tag)] = value
      return canonical
    })
}
export type TLocalizedText = z.infer<ReturnType<typeof ZLocalizedText>>
