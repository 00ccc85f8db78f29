import Sentiment from 'sentiment'
import {
  CONTRASTS,
  FEEDBACK_EMOJI,
  FEEDBACK_PHRASES,
  FEEDBACK_WORDS,
  INTENSIFIERS,
  MODALS,
  NEGATORS,
  type Valence,
} from './feedback-lexicon'
import { type Rating, ratingLean } from './rating'
import { type Token, tokenize } from './tokens'

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number]

export interface SentimentTag {
  label: SentimentLabel
  /**
   * Polarity from -1 (most negative) to 1 (most positive); 0 is neither. For a comment given with a score,
   * the words' polarity blended with the score's lean (sentimentOf).
   */
  score: number
}

/** A word's or emoji's valence on AFINN's scale of -5 to +5, 0 when it carries none. */
export type WordValence = (word: string) => number

const afinn = new Sentiment()

/**
 * The general lexicon: AFINN-165 and the Emoji Sentiment Ranking, as bundled by the `sentiment` package
 * (chosen by measurement, bench/text-eval/RESULTS.md). Asked one word at a time: the package's own way of
 * combining words (a plain sum, negation of the very next word only) is what this module replaces.
 */
export const lexiconValence: WordValence = (word) => {
  // The package checks its word list with hasOwnProperty, but its negation list is a plain object read by
  // index: harmless for one word (no word before it), and a non-number is never let through.
  const { score } = afinn.analyze(word)
  return Number.isFinite(score) ? score : 0
}

/**
 * Polarity at or inside ±NEUTRAL_BAND is neutral. Chosen on the tuning 60% of the labelled set
 * (bench/text-eval): "fine" or "it works" stay neutral, "not good" and "easy to use" do not.
 */
export const NEUTRAL_BAND = 0.3

/** How far a negation reaches: "not very intuitive" and "never had an outage" are both turned around. */
const NEGATION_REACH = 3
/**
 * What a negation with nothing to turn around is worth: in feedback, "I can never find the settings" and
 * "nobody got back to me" are complaints. Not applied in a clause saying "yet" ("haven't needed it yet").
 */
const NEGATION_ALONE = -2
/** "too many clicks": "too" before a word without valence makes it a complaint. */
const TOO_ALONE = -1.5
/** VADER's way of turning a sum into -1..1: x / sqrt(x² + α); α = 15 keeps one strong word near ±0.6. */
const ALPHA = 15
const EXCLAMATION = 0.3
const MAX_EXCLAMATIONS = 4
const SHOUTED = 1.3
const WISHED = 0.25
const BEFORE_CONTRAST = 0.5
const AFTER_CONTRAST = 1.5

/** "like" is praise after someone who likes ("I like", "we really like"), not in "feels like 2010". */
const LIKERS = new Set([
  'i',
  'we',
  'you',
  'they',
  'really',
  'people',
  'users',
  'team',
  'would',
  'also',
  'still',
])

const PHRASES = indexPhrases(FEEDBACK_PHRASES)

function indexPhrases(phrases: ReadonlyMap<string, number>): Map<string, [string[], number][]> {
  const index = new Map<string, [string[], number][]>()
  for (const [phrase, valence] of phrases) {
    const words = phrase.split(' ')
    const first = words[0] as string
    const list = index.get(first) ?? []
    list.push([words, valence])
    // Longest first, so "not at all" is tried before a shorter phrase starting with "not".
    list.sort(([x], [y]) => y.length - x.length)
    index.set(first, list)
  }
  return index
}

interface Part {
  value: number
  sentence: number
  clause: number
  /** Before or after a "but" of its sentence. */
  contrast: 'none' | 'before' | 'after'
  /** A negation that found nothing to turn: dropped in a clause that says "yet". */
  lonelyNegation: boolean
}

const plainOf = (valence: Valence) => (typeof valence === 'number' ? valence : valence.plain)

/** A negated word: praise turns into a complaint at ¾ strength, a complaint into mild praise at ½. */
function negatedOf(valence: Valence): number {
  if (typeof valence !== 'number') return valence.negated
  return valence > 0 ? -0.75 * valence : -0.5 * valence
}

function emojiKey(text: string): string {
  return (text.split('\u200d')[0] ?? text).replace(/\p{Emoji_Modifier}/gu, '')
}

/**
 * The polarity of a comment, from -1 to 1. The lexicon gives each word a valence; this adds what short
 * feedback needs: phrases ("takes forever", "can't complain"), negation over the next few words of a clause
 * ("not very intuitive", "never had an outage"), intensifiers and softeners ("extremely slow", "a bit slow"),
 * "too" ("too many clicks"), emoji and emoticons, "but" (what follows counts more), capitals and "!".
 */
export function polarityOf(text: string, valenceOf: WordValence = lexiconValence): number {
  const tokens = tokenize(text)
  const valence = (word: string): Valence => FEEDBACK_WORDS.get(word) ?? valenceOf(word)
  const parts: Part[] = []
  const clausesWithYet = new Set<number>()
  let sentence = 0
  let clause = 0
  let contrasted = false
  let exclamations = 0
  let negationOpen = false
  let negationLeft = 0
  let negationUsed = false
  let negationMultiplier = 1
  let multiplier = 1
  let tooPending = false
  let wishing = false

  const push = (value: number, lonelyNegation = false) => {
    parts.push({ value, sentence, clause, contrast: contrasted ? 'after' : 'none', lonelyNegation })
  }
  const closeNegation = () => {
    if (negationOpen && !negationUsed) push(NEGATION_ALONE * negationMultiplier, true)
    negationOpen = false
    negationLeft = 0
  }
  const nextWord = (from: number): string | undefined => {
    const token: Token | undefined = tokens[from + 1]
    return token?.kind === 'word' ? token.text : undefined
  }
  const phraseAt = (index: number): [number, number] | undefined => {
    const first = tokens[index]
    if (first?.kind !== 'word') return undefined
    for (const [words, value] of PHRASES.get(first.text) ?? []) {
      const fits = words.every((word, offset) => {
        const token = tokens[index + offset]
        return token?.kind === 'word' && token.text === word
      })
      if (fits) return [words.length, value]
    }
    return undefined
  }

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token
    if (token.kind === 'break') {
      closeNegation()
      multiplier = 1
      tooPending = false
      wishing = false
      clause++
      exclamations += token.text.split('!').length - 1
      if (/[.!?;\n]/.test(token.text)) {
        sentence++
        contrasted = false
      }
      continue
    }
    if (token.kind === 'emoji') {
      push(FEEDBACK_EMOJI.get(emojiKey(token.text)) ?? valenceOf(emojiKey(token.text)))
      continue
    }
    const word = token.text
    if (word === 'yet') clausesWithYet.add(clause)
    if (MODALS.has(word)) wishing = true
    const phrase = phraseAt(index)
    if (phrase) {
      const [length, value] = phrase
      if (value !== 0) push(value * multiplier)
      multiplier = 1
      index += length - 1
      continue
    }
    if (CONTRASTS.has(word)) {
      closeNegation()
      for (const part of parts) if (part.sentence === sentence) part.contrast = 'before'
      contrasted = true
      continue
    }
    if (NEGATORS.has(word)) {
      closeNegation()
      negationOpen = true
      negationLeft = NEGATION_REACH
      negationUsed = false
      // "still not", "even not": the strengthening carries to a negation that finds nothing to turn.
      negationMultiplier = multiplier
      continue
    }
    const next = nextWord(index)
    const strength = INTENSIFIERS.get(word)
    if (
      strength !== undefined &&
      next !== undefined &&
      (plainOf(valence(next)) !== 0 || INTENSIFIERS.has(next) || NEGATORS.has(next) || next === 'too')
    ) {
      multiplier *= strength
      continue
    }
    if (word === 'too') {
      tooPending = next !== undefined
      continue
    }
    let entry = valence(word)
    if ((word === 'like' || word === 'liked') && !LIKERS.has(wordBefore(tokens, index) ?? '')) entry = 0
    const plain = plainOf(entry)
    const inNegation = negationLeft > 0
    if (inNegation) negationLeft--
    if (plain === 0) {
      if (tooPending) {
        push(TOO_ALONE * multiplier)
        tooPending = false
        multiplier = 1
      }
      if (inNegation && negationLeft === 0) closeNegation()
      continue
    }
    let value = inNegation ? negatedOf(entry) : plain
    if (inNegation) negationUsed = true
    if (tooPending) value = value < 0 ? value * 1.5 : -0.5 * value
    value *= multiplier * (token.shouted ? SHOUTED : 1)
    if (wishing && value > 0 && word !== 'recommend') value *= WISHED
    tooPending = false
    multiplier = 1
    push(value)
    if (inNegation && negationLeft === 0) closeNegation()
  }
  closeNegation()

  let sum = 0
  for (const part of parts) {
    if (part.lonelyNegation && clausesWithYet.has(part.clause)) continue
    const weight =
      part.contrast === 'before' ? BEFORE_CONTRAST : part.contrast === 'after' ? AFTER_CONTRAST : 1
    sum += part.value * weight
  }
  if (sum !== 0) sum += Math.sign(sum) * Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION
  return Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 10_000) / 10_000
}

function wordBefore(tokens: readonly Token[], index: number): string | undefined {
  const token = tokens[index - 1]
  return token?.kind === 'word' ? token.text : undefined
}

export function labelOf(score: number, band = NEUTRAL_BAND): SentimentLabel {
  if (score > band) return 'positive'
  if (score < -band) return 'negative'
  return 'neutral'
}

/**
 * How much the score given with a comment counts against its words, 0 to 1. A passive's score leans 0, so
 * it pulls a passive's comment towards neutral ("love the UI, reports are slow" from a 7); a 0 or a 10
 * settles what the words leave in doubt. Chosen on the scored tuning set (bench/text-eval).
 */
export const RATING_WEIGHT = 0.5

/**
 * The sentiment of an English comment: the polarity of its words, and, when the comment came with a score,
 * that score's lean (rating.ts) weighed in at RATING_WEIGHT.
 */
export function sentimentOf(text: string, rating?: Rating): SentimentTag {
  const polarity = polarityOf(text)
  const score = rating === undefined ? polarity : blendRating(polarity, rating)
  return { label: labelOf(score), score }
}

/** A comment's polarity with its score's lean weighed in, rounded as polarities are. */
export function blendRating(polarity: number, rating: Rating, weight = RATING_WEIGHT): number {
  return Math.round(((1 - weight) * polarity + weight * ratingLean(rating)) * 10_000) / 10_000
}
