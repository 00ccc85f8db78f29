// @vitest-environment node
// (esbuild checks that TextEncoder gives real Uint8Arrays, which a DOM environment's globals may not.)
import { beforeAll, describe, expect, it } from 'vitest'
import { BUDGETS, type BuiltFile, buildFiles, sizeOf } from './build'

let files: BuiltFile[]

beforeAll(async () => {
  // Fails, rather than skips, when a bundle cannot be built: a missing src/ui/mount.tsx included.
  files = await buildFiles()
}, 60_000)

const built = (file: string) => {
  const found = files.find((built) => built.file === file)
  expect(found, `${file} was not built`).toBeDefined()
  return found!
}

describe('bundle sizes (minified, gzip -9)', () => {
  it('holds the budgets the product set: 3,300 B for what every page loads, 10,000 B for the survey UI', () => {
    // Raising a budget is a product decision, not an edit to make a build pass.
    expect(BUDGETS).toEqual({ 'heed.js': 3_300, 'heed-ui.js': 10_000 })
  })

  it.each(Object.entries(BUDGETS))('%s stays within %i bytes', (file, budget) => {
    const { gzipBytes } = sizeOf(built(file))
    expect(gzipBytes, `${file} is ${gzipBytes} B gzipped; the budget is ${budget} B`).toBeLessThanOrEqual(
      budget,
    )
  })

  it('gives every page one file: heed.js, which loads nothing but the survey UI', () => {
    const scriptTag = files.map(({ file }) => file).filter((file) => !file.startsWith('esm/'))
    expect(scriptTag.sort()).toEqual(['heed-ui.js', 'heed.js'])
    const loader = new TextDecoder().decode(built('heed.js').contents)
    expect(loader.match(/[\w-]+\.js\b/g)).toEqual(['heed-ui.js'])
  })

  it('builds the npm modules, with the UI as a chunk of its own loaded on demand', () => {
    const index = new TextDecoder().decode(built('esm/index.js').contents)
    built('esm/ui.js')
    expect(index).toContain('import("./ui.js")')
    expect(index).not.toMatch(/from\s*"\.\/ui\.js"/)
  })
})
