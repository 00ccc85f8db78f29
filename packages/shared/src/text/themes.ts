import { z } from 'zod'
import { DEFAULT_THEMES } from './default-themes'
import { stem, wordsOf } from './tokens'

/** One theme of a project's taxonomy: what a comment is about, found by its words. */
export interface Theme {
  /** Stable identifier, also used as a follow-up case's root cause. */
  key: string
  label: string
  /** Single words, each matching its inflections ("crash" finds "crashes", "crashed", "crashing"). */
  keywords: readonly string[]
  /** Words in sequence, each matching its inflections ("set up" finds "setting up"). */
  phrases: readonly string[]
  /** Sequences where this theme's keywords do not count ("support for" is no comment on the support team). */
  excludes: readonly string[]
  /** False for the themes every project has, true for those a project added. */
  custom: boolean
}

export const THEME_LIMITS = {
  key: 40,
  label: 80,
  word: 60,
  phrase: 120,
  entries: 200,
  customThemes: 100,
} as const

/** Lower-case letters, digits and dashes, starting with a letter: safe in a URL path and a JSON document. */
export const ZThemeKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter')
  .max(THEME_LIMITS.key)
export type TThemeKey = z.infer<typeof ZThemeKey>

const ZKeyword = z
  .string()
  .trim()
  .min(1)
  .max(THEME_LIMITS.word)
  .refine((word) => wordsOf(word).length === 1, 'must be one word: put several words in phrases')

const ZPhrase = z
  .string()
  .trim()
  .max(THEME_LIMITS.phrase)
  .refine((phrase) => wordsOf(phrase).length > 0, 'must contain a word')

/** A project's own theme as it is sent to the API: at least one keyword or phrase to find it by. */
export const ZThemeDefinition = z
  .strictObject({
    label: z.string().trim().min(1).max(THEME_LIMITS.label),
    keywords: z.array(ZKeyword).max(THEME_LIMITS.entries).default([]),
    phrases: z.array(ZPhrase).max(THEME_LIMITS.entries).default([]),
    excludes: z.array(ZPhrase).max(THEME_LIMITS.entries).default([]),
  })
  .refine((theme) => theme.keywords.length + theme.phrases.length > 0, {
    path: ['keywords'],
    error: 'give at least one keyword or phrase',
  })
export type TThemeDefinition = z.infer<typeof ZThemeDefinition>

export const isDefaultThemeKey = (key: string) => DEFAULT_THEMES.some((theme) => theme.key === key)

/**
 * The default themes followed by the project's own, in the order given. A custom theme never replaces a
 * default one: the API refuses their keys, and one that slipped through is ignored here.
 */
export function taxonomyWith(custom: readonly Theme[]): Theme[] {
  return [...DEFAULT_THEMES, ...custom.filter((theme) => !isDefaultThemeKey(theme.key))]
}

type Sequence = readonly string[]

interface CompiledTheme {
  key: string
  /** Sequences of stems, by their first stem. */
  matches: Map<string, Sequence[]>
  excludes: Map<string, Sequence[]>
}

const stemsOf = (text: string): string[] => wordsOf(text).map(stem)

function bySequenceStart(texts: readonly string[]): Map<string, Sequence[]> {
  const index = new Map<string, Sequence[]>()
  for (const text of texts) {
    const sequence = stemsOf(text)
    const first = sequence[0]
    if (first === undefined) continue
    index.set(first, [...(index.get(first) ?? []), sequence])
  }
  return index
}

const compiled = new WeakMap<readonly Theme[], CompiledTheme[]>()

/** Compiled once per taxonomy array: a re-tag runs thousands of comments through the same one. */
function compile(taxonomy: readonly Theme[]): CompiledTheme[] {
  let themes = compiled.get(taxonomy)
  if (!themes) {
    themes = taxonomy.map((theme) => ({
      key: theme.key,
      matches: bySequenceStart([...theme.keywords, ...theme.phrases]),
      excludes: bySequenceStart(theme.excludes),
    }))
    compiled.set(taxonomy, themes)
  }
  return themes
}

const sequenceAt = (stems: readonly string[], at: number, sequence: Sequence) =>
  sequence.every((part, offset) => stems[at + offset] === part)

/** Where each sequence of the index occurs: [start, end) ranges. */
function* occurrences(stems: readonly string[], index: Map<string, Sequence[]>) {
  for (let at = 0; at < stems.length; at++) {
    for (const sequence of index.get(stems[at] as string) ?? []) {
      if (sequenceAt(stems, at, sequence)) yield [at, at + sequence.length] as const
    }
  }
}

/** The keys of the taxonomy's themes the text is about, in the taxonomy's order; several can apply. */
export function matchThemes(text: string, taxonomy: readonly Theme[]): string[] {
  const stems = stemsOf(text)
  const keys: string[] = []
  for (const theme of compile(taxonomy)) {
    const excluded = new Set<number>()
    for (const [start, end] of occurrences(stems, theme.excludes)) {
      for (let at = start; at < end; at++) excluded.add(at)
    }
    for (const [start, end] of occurrences(stems, theme.matches)) {
      let free = true
      for (let at = start; at < end && free; at++) free = !excluded.has(at)
      if (free) {
        keys.push(theme.key)
        break
      }
    }
  }
  return keys
}
