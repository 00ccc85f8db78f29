import { describe, expect, it } from 'vitest'
import { keysetPages } from './keyset-pages'

describe('keysetPages', () => {
  const rows = Array.from({ length: 7 }, (_, index) => ({ at: 100 - index, id: `r${index}` }))
  const fetchAfter = (asked: unknown[]) => async (page: { limit: number; after?: { at: number } }) => {
    asked.push(page.after ?? null)
    const after = page.after
    return rows.filter((row) => after === undefined || row.at < after.at).slice(0, page.limit)
  }

  it('walks every row once, each page starting after the last row of the one before', async () => {
    const asked: unknown[] = []
    const pages: string[][] = []
    for await (const page of keysetPages(fetchAfter(asked), (row) => row, 3))
      pages.push(page.map((r) => r.id))
    expect(pages).toEqual([['r0', 'r1', 'r2'], ['r3', 'r4', 'r5'], ['r6']])
    expect(asked).toEqual([null, rows[2], rows[5]])
  })

  it('asks once more after a full last page, and yields nothing for an empty listing', async () => {
    const asked: unknown[] = []
    const pages: number[] = []
    for await (const page of keysetPages(fetchAfter(asked), (row) => row, 7)) pages.push(page.length)
    expect(pages).toEqual([7])
    expect(asked).toHaveLength(2)
    const none: unknown[] = []
    for await (const page of keysetPages(
      async () => [],
      (row: { at: number; id: string }) => row,
      3,
    ))
      none.push(page)
    expect(none).toEqual([])
  })
})
