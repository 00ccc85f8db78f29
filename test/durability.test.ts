import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { heed, type ServerProcess, startServer } from './support/server-process'

const folder = mkdtempSync(join(tmpdir(), 'heed-durability-'))
const databaseFile = join(folder, 'heed.db')
afterAll(() => rmSync(folder, { recursive: true, force: true }))

interface Sent {
  path: '/responses' | '/events'
  body: unknown
  ids: string[]
}

async function send(server: ServerProcess, key: string, message: Sent): Promise<boolean> {
  try {
    const res = await fetch(`${server.url}/ingest/v1${message.path}?key=${key}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(message.body),
    })
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`${message.path} answered ${res.status}`)
    return true
  } catch (error) {
    // A request cut by the kill is not acknowledged; anything else is a real failure.
    if (error instanceof TypeError) return false
    throw error
  }
}

describe('durability of acknowledged data', () => {
  it('loses nothing acknowledged and stores nothing twice when the server is killed mid-stream', async () => {
    const { publicKey, secretKey } = JSON.parse(
      await heed(['project', 'create', '--name', 'Durable', '--json', '--database', databaseFile]),
    ) as { publicKey: string; secretKey: string }
    let server = await startServer(databaseFile)
    const created = await fetch(`${server.url}/admin/v1/surveys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'NPS',
        kind: 'nps',
        status: 'active',
        defaultLocale: 'en',
        question: { en: 'How likely are you to recommend us?' },
        followUp: { default: { en: 'Why?' } },
        targeting: { triggers: [{ type: 'pageview' }] },
      }),
    })
    expect(created.status).toBe(201)
    const surveyId = ((await created.json()) as { survey: { id: string } }).survey.id

    const sent: Sent[] = []
    const acknowledged = new Set<string>()
    let next = 0
    const message = (): Sent => {
      const i = next++
      if (i % 5 === 4) {
        const ids = Array.from({ length: 100 }, (_, j) => `evt_${i}_${j}_durable`)
        const timestamp = new Date().toISOString()
        return {
          path: '/events',
          ids,
          body: {
            events: ids.map((id) => ({ id, name: 'clicked', anonymousId: 'anon_durable', timestamp })),
          },
        }
      }
      const id = `resp_${i}_durable`
      return {
        path: '/responses',
        ids: [id],
        body: { id, surveyId, anonymousId: `anon_${i}_durable`, score: i % 11 },
      }
    }

    let killed = false
    const worker = async () => {
      while (!killed) {
        const m = message()
        sent.push(m)
        if (await send(server, publicKey, m)) for (const id of m.ids) acknowledged.add(id)
        if (!killed && acknowledged.size >= 3_000) {
          killed = true
          server.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker))
    expect(await server.exited).toBe('SIGKILL')

    const storedIds = () => {
      const db = new Database(databaseFile, { readonly: true })
      try {
        const ids = new Set<string>()
        for (const table of ['responses', 'events']) {
          for (const row of db.prepare(`SELECT id FROM ${table}`).all() as { id: string }[]) ids.add(row.id)
        }
        return ids
      } finally {
        db.close()
      }
    }
    const afterCrash = storedIds()
    const lost = [...acknowledged].filter((id) => !afterCrash.has(id))
    expect(lost).toEqual([])

    // The clients retry everything they sent, acknowledged or not, as the widget's queue does.
    server = await startServer(databaseFile)
    for (const m of sent) expect(await send(server, publicKey, m)).toBe(true)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)

    const db = new Database(databaseFile, { readonly: true })
    try {
      const sentIds = sent.flatMap((m) => m.ids)
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
      expect(count('SELECT COUNT(*) AS n FROM responses') + count('SELECT COUNT(*) AS n FROM events')).toBe(
        sentIds.length,
      )
      const scored = count('SELECT COUNT(*) AS n FROM responses WHERE score IS NOT NULL')
      const columns = Array.from({ length: 11 }, (_, s) => `c${s}`).join(' + ')
      expect(count(`SELECT COALESCE(SUM(${columns}), 0) AS n FROM response_rollups`)).toBe(scored)
    } finally {
      db.close()
    }
  })
})
