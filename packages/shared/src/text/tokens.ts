/**
 * A comment cut into what the taggers read: words (lower-cased, contractions spelt out), emoji and emoticons,
 * and the punctuation that ends a clause. Negation and contrast stop at a clause's end, and "!" strengthens.
 */
export type Token =
  | { kind: 'word'; text: string; shouted: boolean }
  | { kind: 'emoji'; text: string }
  | { kind: 'break'; text: string }

// Emoticons first, so ":)" is not read as a clause end; then emoji with their modifiers and joined parts;
// then words (letters and digits of any script, with inner apostrophes); then clause-ending punctuation.
const TOKEN =
  /(<3|[:;]-?[)(DPp]|[:;]'-?\()|(\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*)|([\p{L}\p{N}]+(?:'[\p{L}]+)*)|([.!?;:,\n]+)/gu

/**
 * "can't" -> "can not" and the like, so that "not" is a word the negation rules can see. A Map, since any
 * word of a comment is looked up: on a plain object "constructor" would find Object.prototype's.
 */
const CONTRACTIONS: ReadonlyMap<string, string[]> = new Map([
  ["can't", ['can', 'not']],
  ['cannot', ['can', 'not']],
  ["won't", ['will', 'not']],
  ["shan't", ['shall', 'not']],
  ["ain't", ['is', 'not']],
])

const SUFFIXES: [string, string[]][] = [
  ["n't", ['not']],
  ["'re", ['are']],
  ["'ve", ['have']],
  ["'ll", ['will']],
  ["'d", ['would']],
  ["'m", ['am']],
  ["'s", []],
]

/** The words one written word stands for. */
function spellOut(word: string): string[] {
  const whole = CONTRACTIONS.get(word)
  if (whole) return whole
  for (const [suffix, expansion] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length > suffix.length) {
      return [word.slice(0, -suffix.length), ...expansion]
    }
  }
  return [word.replaceAll("'", '')]
}

const hasLetters = /\p{L}/u

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const normalized = text.replace(/[\u2018\u2019\u02bc]/g, "'")
  let lowerCaseSeen = false
  for (const [, emoticon, emoji, word, punctuation] of normalized.matchAll(TOKEN)) {
    if (emoticon !== undefined) tokens.push({ kind: 'emoji', text: emoticon.toLowerCase() })
    else if (emoji !== undefined) tokens.push({ kind: 'emoji', text: emoji.replace(/\uFE0F/g, '') })
    else if (word !== undefined) {
      const capitals = word === word.toUpperCase() && hasLetters.test(word)
      if (!capitals) lowerCaseSeen = true
      // "UI" or "SSO" is a name, not emphasis.
      const shouted = capitals && word.length > 2
      for (const part of spellOut(word.toLowerCase())) tokens.push({ kind: 'word', text: part, shouted })
    } else if (punctuation !== undefined) tokens.push({ kind: 'break', text: punctuation })
  }
  // Capitals are emphasis only among words that are not: a comment all in capitals shouts nothing.
  if (!lowerCaseSeen) for (const token of tokens) if (token.kind === 'word') token.shouted = false
  return tokens
}

/** The words of a text, in order, without emoji or punctuation. */
export function wordsOf(text: string): string[] {
  return tokenize(text).flatMap((token) => (token.kind === 'word' ? [token.text] : []))
}

const DOUBLED_END = /([bcdfgkmnprtvz])\1$/

/**
 * A light suffix-stripping stem, so a keyword matches the forms of its word: "crash" matches "crashes",
 * "crashed" and "crashing"; "price" matches "prices" and "pricing". It need not give real roots: the same
 * function runs over keywords and comments, so both sides meet at the same string. Words of three letters or
 * fewer are left alone ("bug", "api", "sso"), and so are endings that are not inflections ("-ss", "-us", "-is",
 * the "-eed" of "speed").
 */
export function stem(word: string): string {
  if (word.length <= 3) return word
  let root = word
  if (root.endsWith('ies') && root.length > 4) root = `${root.slice(0, -3)}y`
  else if (/(?:ch|sh|x|ss|zz)es$/.test(root)) root = root.slice(0, -2)
  else if (root.endsWith('s') && !/(?:ss|us|is)$/.test(root)) root = root.slice(0, -1)
  if (root.endsWith('ing') && root.length >= 6) root = root.slice(0, -3)
  else if (/[^e]ed$/.test(root) && root.length >= 5) root = root.slice(0, -2)
  else if (root.endsWith('ly') && root.length >= 6) root = root.slice(0, -2)
  if (DOUBLED_END.test(root)) root = root.slice(0, -1)
  if (root.endsWith('e') && root.length > 4) root = root.slice(0, -1)
  return root
}
