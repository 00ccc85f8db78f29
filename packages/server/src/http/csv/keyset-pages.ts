import type { PagePosition } from '../pagination'

/** Rows per database round trip of an export: large enough to amortise the query, small enough to hold. */
export const EXPORT_PAGE_ROWS = 1000

/**
 * Every row of a keyset-paginated listing, one page at a time: each page starts after the previous page's
 * last row, so rows written meanwhile neither repeat nor shift the export, and only one page is in memory.
 */
export async function* keysetPages<Row>(
  fetchPage: (page: { limit: number; after?: PagePosition }) => Promise<readonly Row[]>,
  positionOf: (row: Row) => PagePosition,
  pageRows: number = EXPORT_PAGE_ROWS,
): AsyncGenerator<readonly Row[]> {
  let after: PagePosition | undefined
  for (;;) {
    const rows = await fetchPage({ limit: pageRows, ...(after && { after }) })
    if (rows.length > 0) yield rows
    const last = rows.at(-1)
    if (rows.length < pageRows || last === undefined) return
    after = positionOf(last)
  }
}
