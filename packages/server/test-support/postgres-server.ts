// Starts a throw-away PostgreSQL server for the test suites, so every storage test runs against the real
// thing rather than a mock. Tuned for speed over durability: the data directory is deleted afterwards.
import { execFile, execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { access, chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

export interface RunningPostgres {
  /** Superuser URL of the server's default database: postgres://postgres@127.0.0.1:PORT/postgres */
  url: string
  /** Stops the server at once and deletes its data directory. Calling it again does nothing. */
  stop(): Promise<void>
}

const PG_ROOT = '/usr/lib/postgresql'
const SUPERUSER = 'postgres'
// A port taken by someone else between our probe and the server's bind is the only failure worth retrying.
const START_ATTEMPTS = 3
const LOG_TAIL_LINES = 40

/**
 * The directory holding initdb, pg_ctl and postgres: PG_BIN when set, else the newest
 * /usr/lib/postgresql/<version>/bin that has initdb (Debian installs each major version side by side).
 * Null when none is found, so callers can decide between skipping and failing.
 */
export async function findPostgresBin(): Promise<string | null> {
  const fromEnv = process.env.PG_BIN
  if (fromEnv) return (await exists(join(fromEnv, 'initdb'))) ? fromEnv : null

  let versions: string[]
  try {
    versions = await readdir(PG_ROOT)
  } catch {
    return null
  }
  // Numeric sort so that 9.6 < 15 < 16; names that are not versions are ignored.
  const sorted = versions
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
  for (const version of sorted) {
    const bin = join(PG_ROOT, version, 'bin')
    if (await exists(join(bin, 'initdb'))) return bin
  }
  return null
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = await findPostgresBin()
  if (!bin) {
    throw new Error(
      `PostgreSQL binaries not found: set PG_BIN or install the server (Debian: apt-get install postgresql), looked in ${PG_ROOT}/*/bin`,
    )
  }

  // initdb refuses to run as root, so as root every server command runs as the postgres user, in a
  // directory that user owns.
  const asRoot = process.getuid?.() === 0
  const root = await mkdtemp(join(tmpdir(), 'heed-pg-'))
  const dataDir = join(root, 'data')
  const logFile = join(root, 'server.log')
  // As root the command line becomes `runuser -u postgres -- <bin>/<program> ...`.
  const commandLine = (program: string, args: string[]): [string, string[]] => {
    const file = join(bin, program)
    return asRoot ? ['runuser', ['-u', SUPERUSER, '--', file, ...args]] : [file, args]
  }
  // cwd is the temp dir: the postgres user may not be allowed into the caller's working directory.
  const exec = async (program: string, args: string[]): Promise<void> => {
    await run(...commandLine(program, args), { cwd: root })
  }
  const stopArgs = ['stop', '-D', dataDir, '-m', 'immediate', '-w']

  // Used when starting fails half-way (pg_ctl may time out while the server still comes up) and, as a last
  // resort, when the process exits without stop(): never leave a server or its files behind.
  const stopSync = (): void => {
    try {
      execFileSync(...commandLine('pg_ctl', stopArgs), { cwd: root, stdio: 'ignore' })
    } catch {
      // No server was running: nothing to stop.
    }
    rmSync(root, { recursive: true, force: true })
  }
  process.once('exit', stopSync)

  try {
    if (asRoot) {
      const { uid, gid } = await userIds(SUPERUSER)
      await chown(root, uid, gid)
    }
    try {
      // --locale=C: works whatever locales the machine has generated, and sorts text by bytes as SQLite does.
      const initdbArgs = ['-A', 'trust', '-U', SUPERUSER, '--no-sync', '-E', 'UTF8', '--locale=C']
      await exec('initdb', ['-D', dataDir, ...initdbArgs])
    } catch (error) {
      throw new Error(`initdb failed: ${describeFailure(error)}`)
    }

    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      const options = [
        `-p ${port}`,
        '-h 127.0.0.1',
        `-k ${shellQuote(dataDir)}`,
        '-F',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ')
      try {
        await exec('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '30', '-l', logFile, '-o', options])
        break
      } catch (error) {
        const log = await logTail(logFile)
        if (attempt < START_ATTEMPTS && /could not bind|address already in use/i.test(log)) continue
        throw new Error(
          `PostgreSQL did not start on port ${port}: ${describeFailure(error)}\n--- server log (tail) ---\n${log}`,
        )
      }
    }

    let stopped = false
    return {
      url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
      async stop() {
        if (stopped) return
        stopped = true
        process.removeListener('exit', stopSync)
        let failure: unknown
        try {
          await exec('pg_ctl', stopArgs)
        } catch (error) {
          failure = error
        }
        await rm(root, { recursive: true, force: true })
        if (failure) throw new Error(`pg_ctl stop failed: ${describeFailure(failure)}`)
      },
    }
  } catch (error) {
    process.removeListener('exit', stopSync)
    stopSync()
    throw error
  }
}

/**
 * Creates an empty database on the server at adminUrl and returns its URL. An existing database of that
 * name is dropped first, so a rerun against a long-lived server (HEED_TEST_DATABASE_URL) starts clean.
 */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const quoted = quoteDatabaseName(name)
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${quoted}`)
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Drops the database even while connections to it are still open (a test that forgot to close its pool). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const quoted = quoteDatabaseName(name)
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)
  })
}

function quoteDatabaseName(name: string): string {
  // Names go into SQL unparameterised (CREATE DATABASE takes no parameters), so only a safe alphabet passes.
  if (!/^[a-z0-9_]+$/.test(name) || name.length > 63) {
    throw new Error(`invalid database name ${JSON.stringify(name)}: use 1-63 of a-z, 0-9 and _`)
  }
  return `"${name}"`
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Asks the kernel for an unused port by binding port 0, then releases it for the server to take. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))))
    })
  })
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])])
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  } catch (error) {
    throw new Error(`running as root needs a "${user}" user to run PostgreSQL as: ${describeFailure(error)}`)
  }
}

async function logTail(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8')
    return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n')
  } catch {
    return '(no server log was written)'
  }
}

// execFile's errors carry the child's stderr, which is where initdb and pg_ctl say what went wrong.
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const stderr = 'stderr' in error && typeof error.stderr === 'string' ? error.stderr.trim() : ''
  return stderr ? `${error.message.split('\n')[0]}\n${stderr}` : error.message
}

// pg_ctl hands -o to /bin/sh, so a path with spaces or quotes must be quoted for the shell.
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
