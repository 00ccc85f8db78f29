import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/heed.js', import.meta.url))
const BUILD = 'npx -y pnpm@10 --filter @heed/server run build'

// bin/heed.js finds the bundle from its own place: a copy of it in a package folder of its own, with a
// stand-in bundle, shows what it does without touching this package's dist/, which other tests run.
describe('bin/heed.js', () => {
  let dir: string
  const at = (path: string) => join(dir, path)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heed-bin-'))
    for (const folder of ['bin', 'src', 'dist/cli']) mkdirSync(at(folder), { recursive: true })
    copyFileSync(BIN, at('bin/heed.js'))
    writeFileSync(at('package.json'), '{ "type": "module" }\n')
    writeFileSync(at('src/main.ts'), '')
    utimesSync(at('src/main.ts'), new Date('2026-01-01'), new Date('2026-01-01'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  /** A stand-in bundle that says what it ran with, built after its source and before now. */
  function build(): void {
    writeFileSync(
      at('dist/cli/main.js'),
      "process.stdout.write('ran ' + process.argv.slice(2) + ' with source maps ' + process.sourceMapsEnabled)\n",
    )
    writeFileSync(at('dist/sources.json'), JSON.stringify(['src/main.ts']))
    utimesSync(at('dist/sources.json'), new Date('2026-06-01'), new Date('2026-06-01'))
  }

  function heed(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
      execFile(
        process.execPath,
        [at('bin/heed.js'), ...args],
        { encoding: 'utf8' },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    )
  }

  it('runs the bundle with its arguments, with source maps on', async () => {
    build()
    expect(await heed('start', '--port', '0')).toEqual({
      code: 0,
      stdout: 'ran start,--port,0 with source maps true',
      stderr: '',
    })
  })

  it('run as a command, starts node with its memory settings', async () => {
    build()
    // A stand-in that says which settings it got: node's options and glibc's arena limit.
    writeFileSync(
      at('dist/cli/main.js'),
      "process.stdout.write(process.execArgv.join(' ') + ' MALLOC_ARENA_MAX=' + process.env.MALLOC_ARENA_MAX)\n",
    )
    chmodSync(at('bin/heed.js'), 0o755)
    const ran = await new Promise<string>((resolve, reject) =>
      execFile(at('bin/heed.js'), ['start'], { encoding: 'utf8' }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    )
    expect(ran).toBe('--max-semi-space-size=4 MALLOC_ARENA_MAX=2')
  })

  it('exits 1 with the build command while the server is not built, or only half built', async () => {
    const missing = { code: 1, stdout: '', stderr: `heed: the server is not built: run ${BUILD}\n` }
    expect(await heed('start')).toEqual(missing)
    writeFileSync(at('dist/cli/main.js'), '')
    expect(await heed('start')).toEqual(missing)
  })

  it('exits 1 with the build command when a source changed after the build', async () => {
    build()
    writeFileSync(at('src/main.ts'), '// changed\n')
    expect(await heed('start')).toEqual({
      code: 1,
      stdout: '',
      stderr: `heed: the server's build is older than src/main.ts: run ${BUILD}\n`,
    })
  })
})
