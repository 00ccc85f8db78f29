import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Revision {
  commit: string
  /** Files under packages/ that differ from the commit: if any, the figures are of that work in progress. */
  uncommittedFiles: number
}

/** Which code was measured, read with git's read-only commands; unknown outside a git checkout. */
export function revision(): Revision {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    const changed = git('status', '--porcelain', '--', 'packages')
    return {
      commit: git('rev-parse', 'HEAD').trim(),
      uncommittedFiles: changed.split('\n').filter((line) => line.trim() !== '').length,
    }
  } catch {
    return { commit: 'unknown', uncommittedFiles: 0 }
  }
}
