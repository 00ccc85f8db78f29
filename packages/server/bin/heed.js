#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4
// Run as a command (`heed`, `bin/heed.js`), node starts with two memory settings that only work from the
// start of the process, which took the server's peak memory under ingest from 175–178 to 150–161 MiB
// (bench/README.md, 7 December 2026):
// - the main thread's young generation is capped at 4 MiB a half instead of 16: what that thread keeps
//   between two collections is the requests in flight, so more frequent collections cost little;
// - glibc keeps two malloc arenas rather than up to eight per core, which the SQLite threads otherwise
//   fragment between them.
// `node bin/heed.js` runs without them; NODE_OPTIONS and the environment can give them there.
// The heed command line. It runs the server's bundle (dist/, built by scripts/build.ts) rather than the
// TypeScript sources, so no compiler stays resident in the server; `pnpm run heed` runs the sources.
import { existsSync, readFileSync, statSync } from 'node:fs'

const BUILD = 'npx -y pnpm@10 --filter @heed/server run build'
const packageDir = new URL('../', import.meta.url)
const bundle = new URL('dist/cli/main.js', packageDir)
// Written last by the build, so it also tells a finished build from one that failed half-way.
const sources = new URL('dist/sources.json', packageDir)

function refuse(reason) {
  process.stderr.write(`heed: ${reason}: run ${BUILD}\n`)
  process.exit(1)
}

if (!existsSync(bundle) || !existsSync(sources)) refuse('the server is not built')
// Tests and benchmarks start this file: running a bundle older than the sources would measure old code.
const builtAt = statSync(sources).mtimeMs
const changed = JSON.parse(readFileSync(sources, 'utf8')).find(
  (source) => (statSync(new URL(source, packageDir), { throwIfNoEntry: false })?.mtimeMs ?? 0) > builtAt,
)
if (changed) refuse(`the server's build is older than ${changed}`)

// Before the bundle loads, so that stack traces in the logs name TypeScript files and lines.
process.setSourceMapsEnabled(true)
await import(bundle.href)
