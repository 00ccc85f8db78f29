// Sizes of the widget's bundles, minified and gzipped (-9), against their budgets: what each page view of a
// customer's site downloads. Run: pnpm --filter @heed/bench run size (node --import tsx/esm widget-size.ts in bench/)
import { type BundleSize, buildWidget } from '../packages/widget/scripts/build'
import { machine, table, verdict, writeResults } from './support/report'

const sizes = await buildWidget()
const scriptTag = sizes.filter(({ file }) => !file.startsWith('esm/'))
const bytes = (file: string) => scriptTag.find((size) => size.file === file)?.gzipBytes ?? 0

const row = ({ file, bytes, gzipBytes, budget }: BundleSize) => [
  file,
  bytes,
  gzipBytes,
  budget ?? '',
  budget === undefined ? '' : verdict(gzipBytes <= budget),
]

console.log(table(['bundle', 'minified B', 'gzip B', 'budget B', ''], sizes.map(row)))
console.log(
  `\nEvery page: ${bytes('heed.js')} B (the API, delivery, privacy and the survey engine, in one file); ` +
    `a survey on screen adds ${bytes('heed-ui.js')} B.`,
)
const file = writeResults('widget-size', {
  benchmark: 'widget-size',
  date: new Date().toISOString(),
  command: 'pnpm --filter @heed/bench run size',
  machine: machine(),
  bundles: sizes,
})
console.log(`\nwritten to ${file}`)
if (sizes.some(({ gzipBytes, budget }) => budget !== undefined && gzipBytes > budget)) process.exitCode = 1
