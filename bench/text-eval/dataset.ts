import { readFileSync } from 'node:fs'

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

export type Split = 'tune' | 'holdout'

export function loadComments(): LabelledComment[] {
  const text = readFileSync(new URL('comments.jsonl', import.meta.url), 'utf8')
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledComment)
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
