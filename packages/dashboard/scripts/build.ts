// Builds the dashboard into dist/: index.html and content-hashed assets. Run: pnpm --filter @heed/dashboard build
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const PUBLIC_PATH = '/app/assets'

/** What the first page may download, JavaScript only, after minifying and gzip -9 (issue 14's budget). */
export const FIRST_PAGE_BUDGET = 80 * 1024

export interface DashboardBuild {
  files: { file: string; contents: Uint8Array }[]
  /** The entry script and the chunks it imports statically: what any first page loads before it draws. */
  firstPage: string[]
  html: string
}

/** Builds in memory: the entry, its lazily loaded chunks (pages with charts, the charts library), the CSS. */
export async function buildDashboard(): Promise<DashboardBuild> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/main.tsx' },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    target: 'es2020',
    outdir: 'dist/assets',
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    publicPath: PUBLIC_PATH,
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  const files = result.outputFiles.map(({ path, contents }) => ({
    file: path.slice(join(root, 'dist').length + 1),
    contents,
  }))
  const { entry, css, firstPage } = firstPageOf(result.metafile)
  const html = page(entry, css)
  return {
    files: [...files, { file: 'index.html', contents: new TextEncoder().encode(html) }],
    firstPage,
    html,
  }
}

function firstPageOf(metafile: Metafile) {
  const outputs = metafile.outputs
  const [entry] = Object.entries(outputs).find(([, output]) => output.entryPoint === 'src/main.tsx') ?? []
  if (entry === undefined) throw new Error('the build made no entry script')
  const firstPage = new Set<string>()
  const visit = (file: string) => {
    if (firstPage.has(file)) return
    firstPage.add(file)
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
    }
  }
  visit(entry)
  const css = outputs[entry]?.cssBundle
  const name = (file: string) => file.replace(/^dist\//, '')
  return {
    entry: name(entry),
    css: css === undefined ? undefined : name(css),
    firstPage: [...firstPage].map(name),
  }
}

/** The one HTML page: no inline script (the content security policy forbids it). */
function page(entry: string, css: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Heed</title>
${css === undefined ? '' : `<link rel="stylesheet" href="${PUBLIC_PATH}/${basename(css)}">\n`}<script type="module" src="${PUBLIC_PATH}/${basename(entry)}"></script>
</head>
<body>
<div id="app"></div>
</body>
</html>
`
}

/** Gzip -9 bytes of the first page's scripts. */
export function firstPageGzipBytes({ files, firstPage }: DashboardBuild): number {
  return files
    .filter(({ file }) => firstPage.includes(file))
    .reduce((total, { contents }) => total + gzipSync(contents, { level: 9 }).length, 0)
}

async function main(): Promise<void> {
  const built = await buildDashboard()
  const dist = join(root, 'dist')
  rmSync(dist, { recursive: true, force: true })
  for (const { file, contents } of built.files) {
    mkdirSync(dirname(join(dist, file)), { recursive: true })
    writeFileSync(join(dist, file), contents)
  }
  const bytes = firstPageGzipBytes(built)
  console.log(
    `dashboard: first page ${built.firstPage.join(' + ')}: ${(bytes / 1024).toFixed(1)} KB gzip (budget ${FIRST_PAGE_BUDGET / 1024} KB)`,
  )
  if (bytes > FIRST_PAGE_BUDGET) {
    console.error('dashboard: the first page is over its budget')
    process.exitCode = 1
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
