/** The content codings the server can answer in, best compression first. */
export type ContentCoding = 'br' | 'gzip' | 'identity'

/**
 * The coding to answer in, from an Accept-Encoding header (RFC 9110, 12.5.3): the compressed coding the
 * client rates highest, brotli on a tie since it is smaller, and no compression when it accepts neither.
 * `q=0` means "not acceptable"; `*` stands for every coding the header does not name.
 */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity'
  const ratings = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    if (name === '') continue
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    const rating = q === undefined ? 1 : Number(q.slice(2))
    ratings.set(name, Number.isFinite(rating) ? rating : 0)
  }
  const ratingOf = (coding: string) => ratings.get(coding) ?? ratings.get('*') ?? 0
  let best: ContentCoding = 'identity'
  let bestRating = 0
  for (const coding of ['br', 'gzip'] as const) {
    const rating = ratingOf(coding)
    if (rating > bestRating) [best, bestRating] = [coding, rating]
  }
  return best
}
