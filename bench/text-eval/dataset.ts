import { readFileSync } from 'node:fs'
import type { Rating } from '@heed/shared/text/rating'

export const LABELS = ['negative', 'neutral', 'positive'] as const
export type Label = (typeof LABELS)[number]

/** One hand-labelled comment. Non-English ones carry only their language: they must not be scored. */
export interface LabelledComment {
  id: string
  text: string
  /** ISO 639-1 code of the language it is written in. */
  language: string
  sentiment: Label | null
  themes: string[]
}

/**
 * A comment of the scored sets: English, labelled, with the score it was given with, and the voice it was
 * written in (terse, sarcastic, mixed, typos, support-ticket, rambling, passive, plain-positive,
 * plain-negative) so figures can be broken down by voice.
 */
export interface ScoredComment {
  id: string
  text: string
  sentiment: Label
  themes: string[]
  rating: Rating
  voice: string
}

export type Split = 'tune' | 'holdout'

const linesOf = (file: string) =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

export function loadComments(): LabelledComment[] {
  return linesOf('comments.jsonl') as unknown as LabelledComment[]
}

/**
 * tuning-scored.jsonl (to tune on) or unseen.jsonl (the untouched set: written and labelled before any
 * tuning, in voices unlike comments.jsonl, and never used to choose anything).
 */
export function loadScoredComments(file: 'tuning-scored.jsonl' | 'unseen.jsonl'): ScoredComment[] {
  return linesOf(file).map((line) => ({
    id: line.id as string,
    text: line.text as string,
    sentiment: line.sentiment as Label,
    themes: line.themes as string[],
    rating: { kind: line.scale, score: line.score } as Rating,
    voice: (line.voice as string | undefined) ?? 'mixed voices',
  }))
}

/** FNV-1a: a stable hash, so the split is the same on every machine and in every run. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/**
 * 60% of each sentiment class to tune on, 40% held out: stratified so both parts keep the class balance,
 * and ordered by a hash of the id rather than by position, since the file is grouped by class and theme.
 */
export function splitOf(comments: readonly LabelledComment[], tuneShare = 0.6): Map<string, Split> {
  const splits = new Map<string, Split>()
  for (const label of LABELS) {
    const members = comments
      .filter((comment) => comment.sentiment === label)
      .sort((x, y) => fnv1a(x.id) - fnv1a(y.id))
    const tuneCount = Math.round(members.length * tuneShare)
    members.forEach((comment, index) => {
      splits.set(comment.id, index < tuneCount ? 'tune' : 'holdout')
    })
  }
  return splits
}
