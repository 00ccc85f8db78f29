import { detectLanguage } from './language'
import type { Rating } from './rating'
import { type SentimentTag, sentimentOf } from './sentiment'
import { matchThemes, type Theme } from './themes'

/**
 * Which rules tagged a comment. Stored with each tag, so that comments tagged by older rules can be found
 * and tagged again; change it whenever the lexicon, the rules, the default themes or the band change.
 */
export const TAGGER_VERSION = 'heed-text-2+afinn-165'

export interface CommentTags {
  /** ISO 639-1 code, or 'und' for text too short to tell (scored as English). */
  language: string
  /** False for languages the taggers do not read: no sentiment and no themes, rather than wrong ones. */
  supported: boolean
  sentiment: SentimentTag | null
  /** Keys of the taxonomy's themes, in the taxonomy's order. */
  themes: string[]
  taggerVersion: string
}

/**
 * Everything the server stores about a comment's content, from its text, the project's taxonomy and, when
 * the answer has one, the score given with it (a signal for the comment's sentiment, not for its themes).
 */
export function tagComment(text: string, taxonomy: readonly Theme[], rating?: Rating): CommentTags {
  const { code, supported } = detectLanguage(text)
  if (!supported) {
    return { language: code, supported, sentiment: null, themes: [], taggerVersion: TAGGER_VERSION }
  }
  return {
    language: code,
    supported,
    sentiment: sentimentOf(text, rating),
    themes: matchThemes(text, taxonomy),
    taggerVersion: TAGGER_VERSION,
  }
}
