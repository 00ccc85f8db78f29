// Sizes of the dashboard's build, minified and gzipped (-9): the first page's JavaScript against its budget
// (80 KB, issue 14), and each chunk a page loads later (the overview with uPlot).
// Run: pnpm --filter @heed/bench run dashboard-size (node --import tsx/esm dashboard-size.ts in bench/)
import { gzipSync } from 'node:zlib'
import { buildDashboard, FIRST_PAGE_BUDGET, firstPageGzipBytes } from '../packages/dashboard/scripts/build'
import { machine, table, verdict, writeResults } from './support/report'

const built = await buildDashboard()
const files = built.files.map(({ file, contents }) => ({
  file,
  bytes: contents.length,
  gzipBytes: gzipSync(contents, { level: 9 }).length,
  firstPage: built.firstPage.includes(file),
}))
const firstPage = firstPageGzipBytes(built)

console.log(
  table(
    ['file', 'minified B', 'gzip B', 'first page'],
    files.map((f) => [f.file, f.bytes, f.gzipBytes, f.firstPage ? 'yes' : '']),
  ),
)
console.log(
  `\nFirst page's JavaScript: ${firstPage} B gzip, budget ${FIRST_PAGE_BUDGET} B ${verdict(firstPage <= FIRST_PAGE_BUDGET)}`,
)
const file = writeResults('dashboard-size', {
  benchmark: 'dashboard-size',
  date: new Date().toISOString(),
  command: 'pnpm --filter @heed/bench run dashboard-size',
  machine: machine(),
  firstPage: { files: built.firstPage, gzipBytes: firstPage, budget: FIRST_PAGE_BUDGET },
  files,
})
console.log(`\nwritten to ${file}`)
if (firstPage > FIRST_PAGE_BUDGET) process.exitCode = 1
