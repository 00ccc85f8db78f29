function lowerTag(tag: string): string {
  return tag.toLowerCase().replace(/_/g, '-')
}

function languageOf(lowerCaseTag: string): string {
  const dash = lowerCaseTag.indexOf('-')
  return dash === -1 ? lowerCaseTag : lowerCaseTag.slice(0, dash)
}

/**
 * The text to show a person whose preferred locales are `wanted` (best first, e.g. navigator.languages).
 * For each wanted tag in turn: the exact tag, then its language alone ('pt-BR' -> 'pt'), then any tag of
 * the same language ('pt-PT' for 'pt-BR'), since a related translation beats the default language. Then
 * the survey's default locale `fallback`, then any text at all; '' only when `text` is empty. Tags compare
 * case-insensitively. Zod-free and tiny because the widget ships it to every page.
 */
export function pickLocalized(
  text: Readonly<Record<string, string>>,
  wanted: readonly string[],
  fallback: string,
): string {
  const entries = Object.entries(text).map(([tag, value]) => [lowerTag(tag), value] as const)
  const find = (matches: (tag: string) => boolean) => entries.find(([tag]) => matches(tag))?.[1]
  for (const want of wanted) {
    const exact = lowerTag(want)
    const language = languageOf(exact)
    const found =
      find((tag) => tag === exact) ??
      find((tag) => tag === language) ??
      find((tag) => languageOf(tag) === language)
    if (found !== undefined) return found
  }
  const byDefault = lowerTag(fallback)
  return find((tag) => tag === byDefault) ?? entries[0]?.[1] ?? ''
}
