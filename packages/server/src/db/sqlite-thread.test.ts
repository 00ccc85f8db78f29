import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { transformSync } from 'esbuild'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawnWithSourceMaps } from './sqlite-thread'

describe('spawnWithSourceMaps', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-thread-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it("runs a bundled entry whose errors' stacks name the TypeScript source and line", async () => {
    // A bundle as the build makes one: compiled JavaScript on other lines, with its source map.
    const source = [
      "import { workerData } from 'node:worker_threads'",
      '',
      'interface Work { fail: boolean }',
      '',
      'function serve(work: Work): void {',
      "  if (work.fail) throw new Error('failed on purpose')",
      '}',
      '',
      'serve(workerData as Work)',
    ].join('\n')
    const { code } = transformSync(source, {
      loader: 'ts',
      format: 'esm',
      sourcemap: 'inline',
      sourcefile: 'thread-entry.ts',
    })
    const entry = join(dir, 'thread-entry.mjs')
    writeFileSync(entry, code)

    const worker = spawnWithSourceMaps(pathToFileURL(entry), { fail: true }, {})
    const error = await new Promise<Error>((resolve) => worker.once('error', resolve))
    expect(error.message).toBe('failed on purpose')
    expect(error.stack).toMatch(/thread-entry\.ts:6:/)
  })
})
