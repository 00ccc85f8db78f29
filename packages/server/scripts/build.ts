// Bundles the server into dist/, which bin/heed.js runs. Run: pnpm --filter @heed/server build
// Plain JavaScript keeps a TypeScript compiler and its loader thread out of every server process.
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Each becomes dist/<its path under src/>.js (src/cli/main.ts → dist/cli/main.js): as deep below dist/ as
 * its source is below src/, which checkImportMetaDepths relies on.
 */
const ENTRY_POINTS = [
  'src/cli/main.ts',
  'src/threads/writer.ts',
  'src/threads/reader.ts',
  'src/threads/checkpointer.ts',
]

/** The bundle's sources (paths from packages/server), which bin/heed.js checks to refuse a stale build. */
const SOURCES_FILE = 'dist/sources.json'

interface Manifest {
  dependencies: Record<string, string>
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))

/** 'hono' for 'hono/cors', '@hono/node-server' for itself. */
const packageName = (path: string) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/')

/**
 * Workspace packages are TypeScript source that node cannot run, so they are bundled in. Every npm package
 * stays in node_modules, where node resolves it from dist/ at run time: through the server's own
 * dependencies, so one that a bundled workspace package imports must be declared by the server as well,
 * and at the same version, or the bundle would run with another copy or none.
 */
function npmPackagesExternal(): Plugin {
  const { dependencies } = readManifest(root)
  const isWorkspace = (name: string) => dependencies[name]?.startsWith('workspace:') ?? false
  const workspaces = Object.keys(dependencies)
    .filter(isWorkspace)
    .map((name) => {
      const dir = realpathSync(join(root, 'node_modules', name))
      return { dir: `${dir}${sep}`, dependencies: readManifest(dir).dependencies }
    })
  return {
    name: 'npm-packages-external',
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
        if (isBuiltin(path)) return { external: true }
        const name = packageName(path)
        if (isWorkspace(name)) return undefined
        const declared = dependencies[name]
        const wanted = workspaces.find(({ dir }) => importer.startsWith(dir))?.dependencies[name] ?? declared
        if (declared !== undefined && wanted === declared) return { external: true }
        const server = declared === undefined ? 'does not depend on it' : `depends on ${name} ${declared}`
        const imported = wanted === undefined ? name : `${name} ${wanted}`
        const text = `${relative(root, importer)} imports ${imported}, but @heed/server ${server}`
        return { errors: [{ text }] }
      })
    },
  }
}

/** How many folders `path` is below `base`: 1 for src/cli/settings.ts under src. */
const depth = (base: string, path: string) => relative(base, dirname(path)).split(sep).filter(Boolean).length

/**
 * In the bundle, `import.meta.url` is the URL of the output file, not of the module's source. A path that a
 * module computes from it by climbing to the package (settings.ts's DEFAULT_WIDGET_DIR) stays right only
 * while the module lands as many folders below dist/ as its source is below src/: fail the build otherwise.
 */
function checkImportMetaDepths(metafile: Metafile): string[] {
  const problems: string[] = []
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    if (!output.endsWith('.js')) continue
    for (const input of Object.keys(inputs).filter((path) => path.startsWith('src/'))) {
      const source = readFileSync(join(root, input), 'utf8')
      if (/\bimport\.meta\b/.test(source) && depth('src', input) !== depth('dist', output)) {
        problems.push(`${input} uses import.meta but is bundled into ${output}, at another depth`)
      }
    }
  }
  return problems
}

/** Builds every entry point into dist/ with source maps, and the list of sources they were built from. */
async function buildServer(): Promise<void> {
  rmSync(join(root, 'dist'), { recursive: true, force: true })
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outbase: 'src',
    outdir: 'dist',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [npmPackagesExternal()],
    // Stack traces need only the mappings (node reads the lines it quotes from the sources): without the
    // sources' text the map is a third of the size.
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  })
  const problems = checkImportMetaDepths(metafile)
  if (problems.length > 0) {
    rmSync(join(root, 'dist'), { recursive: true, force: true })
    throw new Error(problems.join('\n'))
  }
  writeFileSync(join(root, SOURCES_FILE), `${JSON.stringify(Object.keys(metafile.inputs), null, 2)}\n`)
}

await buildServer()
