import { describe, expect, it } from 'vitest'
import { buildDashboard, FIRST_PAGE_BUDGET, firstPageGzipBytes } from '../scripts/build'

describe('the dashboard build', () => {
  it('keeps the first page within its JavaScript budget, charts out of it', async () => {
    const built = await buildDashboard()
    expect(firstPageGzipBytes(built)).toBeLessThanOrEqual(FIRST_PAGE_BUDGET)
    // uPlot is in a chunk of its own that only pages with charts import.
    const firstPageText = built.files
      .filter(({ file }) => built.firstPage.includes(file))
      .map(({ contents }) => new TextDecoder().decode(contents))
      .join('\n')
    expect(firstPageText).not.toContain('uplot')
    // The revenue and monthly report pages load only when opened.
    expect(firstPageText).not.toContain('Computing revenue from the ledger')
    expect(firstPageText).not.toContain('Copy as Markdown')
    // So do the accounts pages.
    expect(firstPageText).not.toContain('Set the stage by hand')
    expect(firstPageText).not.toContain('No account matches these filters')
    // And the usage page, with the time-zone arithmetic of its range.
    expect(firstPageText).not.toContain('Counting active people and sessions')
    const lazyText = built.files.map(({ contents }) => new TextDecoder().decode(contents)).join('\n')
    expect(lazyText).toContain('Computing revenue from the ledger')
    expect(lazyText).toContain('Copy as Markdown')
    expect(lazyText).toContain('Counting active people and sessions')
    // The survey editor and the widget's UI that previews in it load only when an editor opens.
    expect(firstPageText).not.toContain('Preview, as a visitor sees it')
    expect(firstPageText).not.toContain('@keyframes heed-in')
    expect(lazyText).toContain('@keyframes heed-in')
    expect(lazyText).toContain('Set the stage by hand')
    expect(built.files.some(({ file }) => file.startsWith('assets/trend-chart-'))).toBe(true)
  })

  it('names every asset by its content and links the entry from index.html', async () => {
    const built = await buildDashboard()
    for (const { file } of built.files) {
      if (file !== 'index.html') expect(file).toMatch(/^assets\/[\w-]+-[A-Z0-9]{8}\.(js|css)$/)
    }
    const entry = built.firstPage[0] ?? ''
    expect(built.html).toContain(`<script type="module" src="/app/${entry}"></script>`)
    expect(built.html).not.toMatch(/<script>/)
  })
})
