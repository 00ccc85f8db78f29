import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { heed, type ServerProcess, startServer } from './support/server-process'

// The official Segment and RudderStack Node libraries, unmodified and with their default settings (only
// the host is set: to this machine's loopback), sending to the real `heed start` process.

const CLIENT = fileURLToPath(new URL('./support/segment-client.mjs', import.meta.url))
const LIBRARIES = ['segment', 'rudder'] as const
type Library = (typeof LIBRARIES)[number]

const folder = mkdtempSync(join(tmpdir(), 'heed-segment-clients-'))
const databaseFile = join(folder, 'heed.db')
let port = 0
let server: ServerProcess
let publicKey = ''
let secretKey = ''

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

/** The server on the same loopback port every time, so a client keeps sending to it across restarts. */
const start = () => startServer(databaseFile, ['--port', String(port), '--host', '127.0.0.1'])

beforeAll(async () => {
  ;({ publicKey, secretKey } = JSON.parse(
    await heed(['project', 'create', '--name', 'Pipelines', '--json', '--database', databaseFile]),
  ) as { publicKey: string; secretKey: string })
  port = await freePort()
  server = await start()
})

afterAll(async () => {
  // Absent when the server never started; beforeAll's error says why.
  if (server) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  rmSync(folder, { recursive: true, force: true })
})

interface Call {
  method: 'track' | 'page' | 'screen' | 'identify' | 'group' | 'alias'
  args: Record<string, unknown>
}

/** Six calls per user, one of each type, in the order an app makes them; every id names its user. */
function mixOf(prefix: string, users: number): Call[] {
  const calls: Call[] = []
  for (let i = 0; i < users; i++) {
    const anonymousId = `${prefix}-anon-${i}`
    const userId = `${prefix}-user-${i}`
    const id = (type: string) => `${prefix}-${type}-${i}`
    calls.push(
      {
        method: 'track',
        args: {
          anonymousId,
          event: 'Report Exported',
          properties: { seq: i, format: 'csv' },
          context: { campaign: { name: 'spring', source: 'newsletter' }, locale: 'en-GB' },
          messageId: id('track'),
        },
      },
      {
        method: 'page',
        args: {
          anonymousId,
          name: 'Pricing',
          properties: { seq: i, path: '/pricing' },
          messageId: id('page'),
        },
      },
      {
        method: 'identify',
        args: {
          userId,
          anonymousId,
          traits: { plan: i % 2 ? 'pro' : 'free', seats: i },
          messageId: id('identify'),
        },
      },
      {
        method: 'group',
        args: {
          userId,
          groupId: `${prefix}-acct-${i % 10}`,
          traits: { name: `Account ${i % 10}` },
          messageId: id('group'),
        },
      },
      {
        method: 'screen',
        args: { userId, name: 'Settings', properties: { seq: i }, messageId: id('screen') },
      },
      { method: 'alias', args: { previousId: `${prefix}-prev-${i}`, userId, messageId: id('alias') } },
    )
  }
  return calls
}

interface Run {
  /** messageIds of the calls whose callback reported an error: what the library itself says it lost. */
  failed: string[]
}

/**
 * Runs the library in its own process with the given calls. `onHalfway` runs, without pausing the client,
 * once half the calls are made.
 */
function runClient(
  library: Library,
  calls: Call[],
  options: { skewMs?: number; onHalfway?: () => Promise<void> } = {},
): Promise<Run> {
  const planFile = join(folder, `plan-${library}-${Date.now()}.json`)
  const halfway = options.onHalfway ? Math.floor(calls.length / 2) : undefined
  writeFileSync(
    planFile,
    JSON.stringify({
      library,
      url: `http://127.0.0.1:${port}`,
      writeKey: publicKey,
      skewMs: options.skewMs ?? 0,
      calls,
      pauseAt: halfway,
    }),
  )
  const child = spawn(process.execPath, [CLIENT, planFile], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const lines = output.split('\n')
      output = lines.pop() ?? ''
      for (const line of lines) {
        const message = JSON.parse(line) as { paused?: boolean; done?: boolean; failed?: string[] }
        // The client is told to go on at once; the server is acted on while it keeps sending.
        if (message.paused) {
          child.stdin.write('go\n')
          options.onHalfway?.().catch(reject)
        }
        if (message.done) resolve({ failed: message.failed ?? [] })
      }
    })
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${library} client exited with ${code}:\n${errors}`))
    })
  })
}

interface EventRow {
  id: string
  type: string
  name: string
  anonymous_id: string
  person_id: string | null
  properties: string
  occurred_at: number
  utm_campaign: string | null
  utm_source: string | null
  locale: string | null
  library: string | null
  page_path: string | null
}

function readStore(prefix: string) {
  const db = new Database(databaseFile, { readonly: true })
  try {
    const events = db
      .prepare('SELECT * FROM events WHERE id LIKE ? OR anonymous_id LIKE ?')
      .all(`${prefix}-%`, `%${prefix}-%`) as EventRow[]
    const persons = db
      .prepare('SELECT id, traits, account_id, first_seen FROM persons WHERE id LIKE ?')
      .all(`${prefix}-%`) as Array<{
      id: string
      traits: string
      account_id: string | null
      first_seen: number
    }>
    const accounts = db
      .prepare('SELECT id, traits FROM accounts WHERE id LIKE ?')
      .all(`${prefix}-%`) as Array<{
      id: string
      traits: string
    }>
    const aliases = db
      .prepare('SELECT anonymous_id, person_id FROM person_aliases WHERE anonymous_id LIKE ?')
      .all(`${prefix}-%`) as Array<{ anonymous_id: string; person_id: string }>
    return { events, persons, accounts, aliases }
  } finally {
    db.close()
  }
}

/** Every call of mixOf(prefix, users) stored exactly once, field by field, at a time within [from, to]. */
function expectStored(prefix: string, users: number, from: number, to: number): void {
  const { events, persons, accounts, aliases } = readStore(prefix)
  const byId = new Map(events.map((event) => [event.id, event]))
  // Nothing stored twice: one row per call, none under any other id.
  expect(events).toHaveLength(3 * users)
  for (let i = 0; i < users; i++) {
    const anonymousId = `${prefix}-anon-${i}`
    const userId = `${prefix}-user-${i}`
    const track = byId.get(`${prefix}-track-${i}`)
    expect(track).toMatchObject({
      type: 'track',
      name: 'Report Exported',
      anonymous_id: anonymousId,
      person_id: userId,
      utm_campaign: 'spring',
      utm_source: 'newsletter',
      locale: 'en-GB',
    })
    expect(JSON.parse(track?.properties ?? '')).toEqual({ seq: i, format: 'csv' })
    const page = byId.get(`${prefix}-page-${i}`)
    expect(page).toMatchObject({
      type: 'page',
      name: 'Pricing',
      anonymous_id: anonymousId,
      person_id: userId,
    })
    expect(page?.page_path).toBe('/pricing')
    expect(JSON.parse(page?.properties ?? '')).toMatchObject({ seq: i, path: '/pricing' })
    const screen = byId.get(`${prefix}-screen-${i}`)
    expect(screen).toMatchObject({ type: 'screen', name: 'Settings', person_id: userId })
    expect(JSON.parse(screen?.properties ?? '')).toMatchObject({ seq: i })
    for (const event of [track, page, screen]) {
      expect(event?.library).toMatch(/analytics-node@\d/)
      expect(event?.occurred_at).toBeGreaterThanOrEqual(from)
      expect(event?.occurred_at).toBeLessThanOrEqual(to)
    }
  }
  const personById = new Map(persons.map((person) => [person.id, person]))
  expect(persons).toHaveLength(users)
  for (let i = 0; i < users; i++) {
    const person = personById.get(`${prefix}-user-${i}`)
    expect(JSON.parse(person?.traits ?? '')).toEqual({ plan: i % 2 ? 'pro' : 'free', seats: i })
    expect(person?.account_id).toBe(`${prefix}-acct-${i % 10}`)
    expect(person?.first_seen).toBeGreaterThanOrEqual(from)
    expect(person?.first_seen).toBeLessThanOrEqual(to)
  }
  expect(Object.fromEntries(accounts.map((account) => [account.id, JSON.parse(account.traits)]))).toEqual(
    Object.fromEntries(
      Array.from({ length: Math.min(users, 10) }, (_, i) => [
        `${prefix}-acct-${i}`,
        { name: `Account ${i}` },
      ]),
    ),
  )
  const aliasMap = Object.fromEntries(aliases.map((alias) => [alias.anonymous_id, alias.person_id]))
  for (let i = 0; i < users; i++) {
    expect(aliasMap[`${prefix}-anon-${i}`]).toBe(`${prefix}-user-${i}`)
    expect(aliasMap[`${prefix}-prev-${i}`]).toBe(`${prefix}-user-${i}`)
  }
}

describe.each(LIBRARIES)('the real %s Node library with its default settings', (library) => {
  it('stores a mix of every call type across 300 users exactly once, field by field', async () => {
    const prefix = `${library}-mix`
    const from = Date.now()
    const run = await runClient(library, mixOf(prefix, 300))
    const to = Date.now()
    expect(run.failed).toEqual([])
    expectStored(prefix, 300, from, to)
  })

  it('loses nothing acknowledged and stores nothing twice when the server is killed and restarted mid-stream', async () => {
    const prefix = `${library}-restart`
    const users = 200
    const from = Date.now()
    const run = await runClient(library, mixOf(prefix, users), {
      onHalfway: async () => {
        server.child.kill('SIGKILL')
        await server.exited
        server = await start()
      },
    })
    const to = Date.now()
    if (library === 'segment') {
      // Ten retries with backoff outlast the restart: every message arrives.
      expect(run.failed).toEqual([])
      expectStored(prefix, users, from, to)
      return
    }
    // RudderStack's default is 3 retries over about 1.4 s, less than the server takes to start again: the
    // library gives up on the batches of that gap and says so in their callbacks (see the README). Every
    // other message is stored, once.
    const failed = new Set(run.failed)
    const { events } = readStore(prefix)
    const stored = new Set(events.map((event) => event.id))
    expect(events).toHaveLength(stored.size)
    for (let i = 0; i < users; i++) {
      for (const type of ['track', 'page', 'screen']) {
        const id = `${prefix}-${type}-${i}`
        if (!failed.has(id)) expect(stored.has(id), id).toBe(true)
      }
    }
    expect(events.length).toBeLessThanOrEqual(3 * users)
  })

  it('keeps the other messages of a batch with one invalid message, and shows the refusal to admins', async () => {
    const prefix = `${library}-invalid`
    const calls = mixOf(prefix, 5)
    // A user id longer than Heed keeps (200 characters): the libraries send it, Heed refuses that message.
    calls.splice(3, 0, {
      method: 'track',
      args: { userId: 'u'.repeat(300), event: 'Too Long', messageId: `${prefix}-toolong-0` },
    })
    const from = Date.now()
    const run = await runClient(library, calls)
    const to = Date.now()
    expect(run.failed).toEqual([])
    expectStored(prefix, 5, from, to)
    const res = await fetch(`http://127.0.0.1:${port}/admin/v1/ingest/errors`, {
      headers: { authorization: `Bearer ${secretKey}` },
    })
    const { errors } = (await res.json()) as { errors: Array<Record<string, unknown>> }
    expect(errors).toContainEqual(
      expect.objectContaining({ route: '/v1/batch', messageId: `${prefix}-toolong-0`, field: 'userId' }),
    )
  })

  it('stores the right times from a client whose clock is two minutes fast', async () => {
    const prefix = `${library}-skew`
    const from = Date.now()
    const run = await runClient(library, mixOf(prefix, 20), { skewMs: 2 * 60_000 })
    const to = Date.now()
    expect(run.failed).toEqual([])
    // Within the real time of the run, not two minutes after it.
    expectStored(prefix, 20, from, to)
  })
})
