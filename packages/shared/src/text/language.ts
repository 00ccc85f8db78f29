import { wordsOf } from './tokens'

/**
 * Which language a comment is written in, as far as the taggers need to know: the sentiment lexicon and the
 * theme keywords are English, so anything else must be marked unsupported rather than scored as neutral
 * English. The detector is small and explainable: the writing system first, then, for Latin script, which
 * language's most frequent function words the comment uses. It names the common languages of SaaS feedback;
 * it is not a general language identifier.
 */
export interface DetectedLanguage {
  /** ISO 639-1 code, or 'und' when nothing in the text points to a language (an emoji, "ok", "N/A"). */
  code: string
  /** English, or undetermined: short texts without function words are scored, emoji and all. */
  supported: boolean
}

/** Scripts that each name one language; Han alone is Chinese, Han with kana Japanese. */
const SCRIPTS: [RegExp, string][] = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Devanagari}/gu, 'hi'],
]

const LATIN_LETTER = /\p{Script=Latin}/gu

/**
 * Frequent function words of each language that are not also English words ("no", "a", "in", "me", "is" are
 * left out, and so are single letters, which "e-mail" or "x and y" would give), so that a word counts for
 * one side only as far as possible.
 */
const FUNCTION_WORDS: Record<string, string> = {
  en: [
    'the and is it to of for not this that with but on my we you i are was have be so too very our',
    'can just if or do does when what there they at from an as by your all would could has been get',
    'use really more much its will am how why where',
  ].join(' '),
  de: [
    'und der die das ist nicht ein eine zu mit sich auf für von dem den auch sehr aber wir ich',
    'leider gut kann hat wird noch nur oder sind bei keine kein mir uns zum zur immer viel wie schon',
  ].join(' '),
  fr: [
    'le les et est un une des du pas je nous vous pour avec très mais qui sur ce cette il elle',
    'depuis trop bien peu à au aux ça cest jai ne plus moi mon notre leur sont être avoir fait la de',
  ].join(' '),
  es: [
    'el los las es muy pero que con para por una uno del al lo se está esta como más nosotros',
    'demasiado su mi todo todos bien funciona la de gracias también hay son',
  ].join(' '),
  pt: [
    'os um uma não muito com para por mas que é são do da dos das em eu você toda todos bom está',
    'como mais também obrigado de',
  ].join(' '),
  it: [
    'il gli è non un una che per con ma molto sono della del questo questa anche più ho mi la di da',
    'grazie troppo',
  ].join(' '),
  nl: [
    'de het een en niet van te dat die voor met maar zijn ook heel erg ik wij je wel geen nog naar',
    'bij goed',
  ].join(' '),
}

/** Letters only some languages use, each a further hint. */
const LETTERS: readonly [string, RegExp][] = [
  ['de', /[äöüß]/g],
  ['fr', /[èêëçœàâîôùû]/g],
  ['es', /[ñ¿¡]/g],
  ['pt', /[ãõ]/g],
]

const WORD_SETS = Object.entries(FUNCTION_WORDS).map(
  ([code, words]) => [code, new Set(words.split(' '))] as const,
)

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

export function detectLanguage(text: string): DetectedLanguage {
  const latin = count(text, LATIN_LETTER)
  for (const [pattern, code] of SCRIPTS) {
    // Japanese text is mostly Han with some kana: kana anywhere decides, before Han is counted as Chinese.
    const letters = count(text, pattern)
    if (letters > 0 && (code === 'ja' || letters >= latin)) return { code, supported: false }
  }
  const lower = text.toLowerCase()
  const scores = new Map<string, number>()
  for (const word of wordsOf(text)) {
    for (const [code, words] of WORD_SETS) if (words.has(word)) scores.set(code, (scores.get(code) ?? 0) + 1)
  }
  // A letter only adds to a language some of whose words are there: alone, "ü" or "ñ" is as likely a name or
  // a loanword in an English comment ("Über slow today", "Müller & Söhne is locked out", "ünïcødé").
  for (const [code, pattern] of LETTERS) {
    const words = scores.get(code)
    if (words !== undefined) scores.set(code, words + count(lower, pattern))
  }
  const english = scores.get('en') ?? 0
  let best = { code: 'en', score: english }
  for (const [code, score] of scores) if (score > best.score) best = { code, score }
  if (best.code !== 'en') return { code: best.code, supported: false }
  return english > 0 ? { code: 'en', supported: true } : { code: 'und', supported: true }
}
