import { z } from 'zod'

/**
 * The sort key of the last row a page showed: its time (or another integer key) and, to break ties, its id.
 * A listing sorted by text first (accounts by owner) also carries that text.
 */
export interface PagePosition {
  at: number
  id: string
  text?: string
}

const MAX_LIMIT = 500
const DEFAULT_LIMIT = 50
const MAX_CURSOR_LENGTH = 2048
const BASE64URL = /^[A-Za-z0-9_-]+$/

const ZCursorContent = z.union([
  z.tuple([z.string(), z.int(), z.string()]),
  z.tuple([z.string(), z.int(), z.string(), z.string()]),
])

/**
 * A cursor is base64url of `[listing, at, id]` (and `text` when the position has one): opaque to clients, and
 * it names the listing it came from so that one list's cursor handed to another is refused instead of
 * silently starting somewhere odd.
 */
function encodeCursor(listing: string, position: PagePosition): string {
  const content = [listing, position.at, position.id]
  if (position.text !== undefined) content.push(position.text)
  return Buffer.from(JSON.stringify(content)).toString('base64url')
}

function decodeCursor(listing: string, text: string): PagePosition | undefined {
  // Buffer's decoder skips characters outside the alphabet; a cursor we gave out never has any.
  if (text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return undefined
  let content: unknown
  try {
    content = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  const parsed = ZCursorContent.safeParse(content)
  if (!parsed.success || parsed.data[0] !== listing) return undefined
  const [, at, id, tie] = parsed.data
  return tie === undefined ? { at, id } : { at, id, text: tie }
}

/** `limit` and `cursor` query parameters of a listing, to spread into its query schema. */
export function pageParameters(listing: string) {
  return {
    limit: z
      .string()
      .regex(/^[0-9]+$/, `must be a whole number from 1 to ${MAX_LIMIT}`)
      .transform(Number)
      .pipe(z.int().min(1).max(MAX_LIMIT))
      .default(DEFAULT_LIMIT),
    cursor: z
      .string()
      .transform((text, ctx) => {
        const position = decodeCursor(listing, text)
        if (position) return position
        ctx.addIssue({
          code: 'custom',
          input: text,
          message: `is not a cursor given out by this ${listing} list`,
        })
        return z.NEVER
      })
      .optional(),
  }
}

/**
 * Cuts the rows of a page, fetched with one row more than `limit`, and says where the next page starts:
 * the extra row only tells that there is one, so a last page that happens to be full ends with null.
 */
export function pageOf<Row>(
  listing: string,
  rows: readonly Row[],
  limit: number,
  positionOf: (row: Row) => PagePosition,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const nextCursor =
    rows.length > limit && last !== undefined ? encodeCursor(listing, positionOf(last)) : null
  return { items, nextCursor }
}
