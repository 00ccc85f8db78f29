#!/usr/bin/env node
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
