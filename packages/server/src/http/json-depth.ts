/**
 * How deeply a request body's arrays and objects may nest. Far beyond anything an API client sends (Segment
 * messages nest a handful of levels), and far below the depth at which `JSON.stringify` or a schema's walk
 * runs out of stack (a few thousand levels).
 */
export const MAX_JSON_DEPTH = 64

const OPEN_OBJECT = 0x7b
const OPEN_ARRAY = 0x5b
const CLOSE_OBJECT = 0x7d
const CLOSE_ARRAY = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/** The index of the quote that closes the string opened at `start`; indexOf keeps long strings cheap. */
function endOfString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1)
  while (end !== -1) {
    let backslashes = 0
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++
    // An even number of backslashes escape one another, not the quote.
    if (backslashes % 2 === 0) return end
    end = text.indexOf('"', end + 1)
  }
  return text.length
}

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, found by one pass over the characters
 * (brackets inside strings do not count) before anything parses or walks it: nothing here recurses.
 * Text that is not JSON is left for `JSON.parse` to refuse.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  // A body too short to hold `limit` opening brackets cannot nest that deep.
  if (text.length <= limit) return false
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === QUOTE) {
      i = endOfString(text, i)
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > limit) return true
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--
    }
  }
  return false
}
