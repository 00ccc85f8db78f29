// CSV export at a flat memory: 1,000,000 answers exported through GET /admin/v1/exports/responses from a real
// `heed start` process on SQLite, the server's resident set sampled before and during the export. A first
// export of 100,000 rows shows where memory settles: if the export buffered, the 1M-row peak would be about
// ten times the 100k one above the idle level. The rows are written straight into the database file (the
// ingest path is measured by bench/ingest.ts), with comments that need quoting and cells that need neutralising.
// Run: node --import tsx/esm bench/export.ts [--rows 1000000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { readRssKb, sampleRss } from './support/memory'
import { machine, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'
import { createProject, startServer } from './support/server'

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: { rows: { type: 'string', default: '1000000' } },
})
const ROWS = Number(args.rows)
const WARM_ROWS = Math.min(100_000, ROWS)
const COMMENTS = [
  '',
  'Great, thanks!',
  'Too slow, and "buggy"\non Mondays',
  '=SUM(A1:A9)',
  '-- nothing --',
  '@here pricing',
]
const log = (line: string) => process.stdout.write(`${line}\n`)
const mb = (kb: number) => Math.round(kb / 102.4) / 10

function seed(file: string, projectId: string, surveyId: string, rows: number): void {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  const insert =
    db.prepare(`INSERT INTO responses (project_id, id, survey_id, anonymous_id, person_id, account_id,
    score, bucket, comment, locale, url, traits, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', 'https://app.example.test/settings', ?, ?, ?)`)
  const start = Date.UTC(2026, 0, 1)
  const many = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const score = i % 11
      const bucket = score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter'
      const comment = COMMENTS[i % COMMENTS.length] || null
      const at = start + i * 1000
      insert.run(
        projectId,
        `resp_${String(i).padStart(9, '0')}`,
        surveyId,
        `anon_${i % 50_000}`,
        `person-${i % 20_000}`,
        `acct-${i % 2_000}`,
        score,
        bucket,
        comment,
        JSON.stringify({ plan: i % 3 === 0 ? 'pro' : 'free' }),
        at,
        at,
      )
    }
  })
  for (let from = 0; from < rows; from += 50_000) many(from, Math.min(rows, from + 50_000))
  db.close()
}

/** Reads an export to its end, discarding it: the bytes and records (CRLF-terminated lines) it held. */
async function drain(url: string, secretKey: string): Promise<{ bytes: number; lines: number }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${secretKey}` } })
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`)
  let bytes = 0
  let lines = 0
  // Records end in CRLF; a comment's own line breaks are bare LFs inside quotes.
  let previous = 0
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] ?? 0
      if (byte === 10 && previous === 13) lines++
      previous = byte
    }
  }
  return { bytes, lines }
}

const dir = mkdtempSync(join(tmpdir(), 'heed-export-bench-'))
const file = join(dir, 'heed.db')
try {
  const keys = await createProject(file, 'Export bench')
  const server = await startServer(file)
  try {
    const survey = await fetch(`${server.url}/admin/v1/surveys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'NPS',
        kind: 'nps',
        status: 'active',
        defaultLocale: 'en',
        question: { en: 'How likely?' },
        followUp: { default: { en: 'Why?' } },
        targeting: { triggers: [{ type: 'pageview' }] },
      }),
    })
    if (survey.status !== 201) throw new Error(`survey: ${survey.status} ${await survey.text()}`)
    const surveyId = ((await survey.json()) as { survey: { id: string } }).survey.id
    log(`seeding ${ROWS} answers...`)
    seed(file, keys.id, surveyId, ROWS)
    const url = (to?: number) =>
      `${server.url}/admin/v1/exports/responses${to === undefined ? '' : `?to=${new Date(Date.UTC(2026, 0, 1) + to * 1000).toISOString()}`}`
    // Idle: after one small export, so the route's code is loaded before the baseline is read.
    await drain(url(1000), keys.secretKey)
    const idleKb = readRssKb(server.pid) ?? 0
    const runs = []
    for (const rows of [WARM_ROWS, ROWS]) {
      const sampler = sampleRss(server.pid)
      const started = performance.now()
      const { bytes, lines } = await drain(url(rows), keys.secretKey)
      const seconds = (performance.now() - started) / 1000
      const { peakMb } = sampler.stop()
      if (lines !== rows + 1) throw new Error(`expected ${rows + 1} lines, got ${lines}`)
      runs.push({
        rows,
        seconds: Math.round(seconds * 10) / 10,
        rowsPerSecond: Math.round(rows / seconds),
        mbPerSecond: Math.round((bytes / 1e6 / seconds) * 10) / 10,
        fileMb: Math.round(bytes / 1e5) / 10,
        peakRssMb: peakMb,
        aboveIdleMb: Math.round((peakMb - mb(idleKb)) * 10) / 10,
      })
      log(
        `${rows} rows: ${runs.at(-1)?.rowsPerSecond} rows/s, ${runs.at(-1)?.fileMb} MB, peak RSS ${peakMb} MiB (idle ${mb(idleKb)} MiB)`,
      )
    }
    if (server.errorLines().length > 0) throw new Error(server.errorLines().join('\n'))
    const results = {
      revision: revision(),
      machine: machine(),
      sharedMachine: true,
      idleRssMb: mb(idleKb),
      runs,
    }
    log(`written ${writeResults('export', results)}`)
  } finally {
    await server.stop()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
