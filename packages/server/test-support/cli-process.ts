// Runs the real `heed` command line as a child process, as a person or a process supervisor would.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const HEED = fileURLToPath(new URL('../bin/heed.js', import.meta.url))
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))

export interface Finished {
  code: number
  stdout: string
  stderr: string
}

/**
 * Only what a child needs from this environment: PATH and the like, but none of the HEED_, DATABASE_URL,
 * PORT, HOST or LOG_LEVEL settings of whoever runs the tests, so each test says what it means.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(HEED_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/.test(name)) env[name] = value
  }
  return { ...env, ...extra }
}

/** Runs `heed <args>` to its end (in packages/server, as `pnpm run heed` does). */
export function runHeed(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [HEED, ...args],
      { cwd: PACKAGE_DIR, env: childEnv(env), encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error)
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
      },
    )
  })
}

export interface RunningHeed {
  child: ChildProcess
  /** Everything written to stdout so far. */
  stdout(): string
  /** Resolves with the first stdout line `match` accepts; rejects if the process ends first. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code, or the signal's name when a signal ended the process. */
  exited: Promise<number | NodeJS.Signals>
}

/** Starts a long-running `heed <args>` (start, demo) and lets the test read its output as it comes. */
export function spawnHeed(args: string[], env: Record<string, string> = {}): RunningHeed {
  const child = spawn(process.execPath, [HEED, ...args], {
    cwd: PACKAGE_DIR,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  // 'close' rather than 'exit': it comes after the output has been read to its end.
  let ended = false
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('close', (code, signal) => {
      ended = true
      resolve(signal ?? code ?? 0)
    }),
  )
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const complete = () => stdout.split('\n').slice(0, -1)
      const check = () => {
        const line = complete().find(match)
        if (line === undefined) return false
        finish()
        resolve(line)
        return true
      }
      const onExit = (code: number | null) => {
        if (check()) return
        finish()
        reject(new Error(`heed ${args.join(' ')} exited (${code}) first:\n${stdout}\n${stderr}`))
      }
      const timer = setTimeout(() => {
        finish()
        reject(
          new Error(`no matching line from heed ${args.join(' ')} in ${timeoutMs} ms:\n${stdout}\n${stderr}`),
        )
      }, timeoutMs)
      const finish = () => {
        clearTimeout(timer)
        child.stdout.off('data', check)
        child.off('close', onExit)
      }
      if (check()) return
      if (ended) return onExit(child.exitCode)
      child.stdout.on('data', check)
      child.once('close', onExit)
    })
  return { child, stdout: () => stdout, waitForLine, exited }
}
