import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const HEED = fileURLToPath(new URL('../../packages/server/bin/heed.js', import.meta.url))
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000
/** The load never leaves this machine: the server listens on, and is reached at, loopback only. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export interface ProjectKeys {
  id: string
  publicKey: string
  secretKey: string
}

export interface RunningServer {
  /** The base URL, always a loopback address. */
  url: string
  pid: number
  /** Log lines at level error the server wrote (5xx answers, crashes): a run with any is not clean. */
  errorLines(): string[]
  /** SIGTERM (graceful), then SIGKILL if it has not exited in time. */
  stop(): Promise<void>
}

/** Runs `heed <args>` to completion and returns what it printed on stdout. */
export async function heed(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [HEED, ...args], { encoding: 'utf8' })
  return stdout
}

/** `heed project create --json` on the database (in UTC unless `timeZone`): the new project's id and keys. */
export async function createProject(database: string, name: string, timeZone = 'UTC'): Promise<ProjectKeys> {
  const output = await heed([
    'project',
    'create',
    '--name',
    name,
    '--time-zone',
    timeZone,
    '--json',
    '--database',
    database,
  ])
  return JSON.parse(output) as ProjectKeys
}

export interface StartOptions {
  /** Options for the server's node (through NODE_OPTIONS), e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeOptions?: readonly string[]
  /** More options for `heed start`, e.g. ['--readers', '2']. */
  args?: readonly string[]
}

/**
 * `heed start` as a child process of its own, so the load generator in this process never takes CPU time
 * from the server's event loop. Rate limits are raised far above any rate a benchmark reaches: they are
 * a per-key protection, not what is measured.
 */
export async function startServer(database: string, options: StartOptions = {}): Promise<RunningServer> {
  // The command itself, as a person or a supervisor runs `heed start`: with the node settings of its first
  // line (bin/heed.js), which `node bin/heed.js` would leave out.
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', ...(options.nodeOptions ?? [])].join(' ').trim()
  const child = spawn(
    HEED,
    [
      'start',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--database',
      database,
      // 'info' for the 'listening' line; successful requests log at debug, so nothing is logged per request.
      '--log-level',
      'info',
      '--rate-limit-ingest',
      '1000000000',
      '--rate-limit-admin',
      '1000000000',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: nodeOptions } },
  )
  // Whatever happens to this process, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL')
  process.on('exit', killOnExit)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => process.off('exit', killOnExit))

  const log = collectLog(child)
  const url = await waitForListening(child, log)
  if (!LOOPBACK.has(new URL(url).hostname)) {
    child.kill('SIGKILL')
    throw new Error(`the server listens on ${url}, not on loopback: refusing to send load there`)
  }
  return {
    url,
    pid: child.pid ?? 0,
    errorLines: () => log.lines.filter((line) => line.includes('"level":"error"')),
    stop: () => stopChild(child, exited),
  }
}

interface ServerLog {
  lines: string[]
  text(): string
}

function collectLog(child: ChildProcess): ServerLog {
  const lines: string[] = []
  let partial = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts.filter((line) => line.length > 0))
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return { lines, text: () => [...lines, partial, stderr].join('\n') }
}

/** The URL of the "listening" log line `heed start` writes once its port is open. */
function waitForListening(child: ChildProcess, log: ServerLog): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not start in ${START_TIMEOUT_MS / 1000} s:\n${log.text()}`))
    }, START_TIMEOUT_MS)
    const onData = () => {
      for (const line of log.lines) {
        const entry = parseLine(line)
        if (entry?.msg === 'listening' && typeof entry.url === 'string') {
          clearTimeout(timer)
          child.stdout?.off('data', onData)
          child.off('exit', onExit)
          resolve(entry.url)
          return
        }
      }
    }
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code}) before listening:\n${log.text()}`))
    }
    // Registered after collectLog's listener, so the line is already in `log.lines` when this runs.
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

function parseLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}
