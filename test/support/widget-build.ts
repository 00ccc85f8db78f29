import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const WIDGET = fileURLToPath(new URL('../../packages/widget/', import.meta.url))
const BUILD_COMMAND = 'npx -y pnpm@10 --filter @heed/widget run build'

/**
 * Checks that the widget's build, which `heed start` serves from packages/widget/dist, exists and is newer
 * than the widget's source, so the browser tests test the code as it is. `npm test` builds it first.
 */
export function requireFreshWidgetBuild(): void {
  const loader = join(WIDGET, 'dist', 'heed.js')
  if (!existsSync(loader)) throw new Error(`the widget is not built: run ${BUILD_COMMAND}`)
  const builtAt = statSync(loader).mtimeMs
  const source = join(WIDGET, 'src')
  const changed = readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/(\.test|test-support)\.tsx?$/.test(file))
    .filter((file) => statSync(join(source, file)).mtimeMs > builtAt)
  if (changed.length > 0) {
    throw new Error(`the widget build is older than src/${changed[0]}: run ${BUILD_COMMAND}`)
  }
}
