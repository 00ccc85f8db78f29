// `heed import revenue` of a 100,000-line CSV (the target: well under a minute), on SQLite and
// PostgreSQL: the real command as a child process (the server's bundle), timed from start to exit, then the
// same file again (a re-import must change nothing). The file holds 2,000 accounts with 50 changes each, in
// shuffled order, so most changes land between two already stored (backfills and out-of-order arrivals).
// Run: node --import tsx/esm revenue-import.ts [--lines 100000] [--accounts 2000] [--dialects sqlite,postgres]
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { createDatabase, startPostgres } from '../packages/server/test-support/postgres-server'
import { machine, type Target, table, verdict, writeResults } from './support/report'
import { revision } from './support/revision'
import { scriptArgs } from './support/script-args'

const HEED = fileURLToPath(new URL('../packages/server/bin/heed.js', import.meta.url))
const TARGET_SECONDS = 60
const DAY = 86_400_000
const FIRST = Date.UTC(2023, 0, 1)

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    lines: { type: 'string', default: '100000' },
    accounts: { type: 'string', default: '2000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    help: { type: 'boolean', short: 'h' },
  },
})

const log = (line: string) => process.stdout.write(`${line}\n`)

/** A small deterministic generator, so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

/** Each account changes about every 20 days, a tenth of them to 0 (churn) and a fifth as trials; shuffled. */
function csv(lines: number, accounts: number): string {
  const next = random(7)
  const rows: string[] = []
  for (let i = 0; i < lines; i++) {
    const account = i % accounts
    const step = Math.floor(i / accounts)
    const at = new Date(FIRST + step * 20 * DAY + Math.floor(next() * 19 * DAY)).toISOString()
    const roll = next()
    const mrr = roll < 0.1 ? 0 : 1_000 + Math.floor(next() * 49_000)
    const status = roll < 0.1 ? 'canceled' : roll < 0.3 && step === 0 ? 'trial' : 'active'
    rows.push(`acct-${account},${at},${mrr},USD,plan-${account % 3},${status},`)
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[rows[i], rows[j]] = [rows[j] as string, rows[i] as string]
  }
  return ['account_id,at,mrr,currency,plan,status,renews_at', ...rows, ''].join('\n')
}

const heed = async (command: string[]) => {
  const started = performance.now()
  const { stdout } = await promisify(execFile)(process.execPath, [HEED, ...command], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return { stdout, seconds: Math.round((performance.now() - started) / 100) / 10 }
}

interface DialectResult {
  dialect: string
  importSeconds: number
  reimportSeconds: number
  stored: string
  again: string
}

async function measure(dialect: string, target: string, file: string): Promise<DialectResult> {
  const created = await heed(['project', 'create', '--name', 'Bench', '--json', '--database', target])
  const projectId = (JSON.parse(created.stdout) as { id: string }).id
  const command = ['import', 'revenue', file, '--project', projectId, '--database', target]
  const first = await heed(command)
  log(`${dialect}: ${first.stdout.trim()} in ${first.seconds} s`)
  const second = await heed(command)
  log(`${dialect}: ${second.stdout.trim()} in ${second.seconds} s`)
  if (!second.stdout.startsWith('0 changes stored')) throw new Error('the re-import changed the ledger')
  return {
    dialect,
    importSeconds: first.seconds,
    reimportSeconds: second.seconds,
    stored: first.stdout.trim(),
    again: second.stdout.trim(),
  }
}

async function main(): Promise<void> {
  if (args.help) {
    log(
      'Usage: node --import tsx/esm revenue-import.ts [--lines 100000] [--accounts 2000] [--dialects sqlite,postgres]',
    )
    return
  }
  const lines = Number(args.lines)
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-import-'))
  const results: DialectResult[] = []
  try {
    const file = join(dir, 'revenue.csv')
    writeFileSync(file, csv(lines, Number(args.accounts)))
    for (const dialect of args.dialects.split(',')) {
      if (dialect === 'sqlite') {
        results.push(await measure('sqlite', join(dir, 'heed.db'), file))
      } else if (dialect === 'postgres') {
        const server = await startPostgres()
        try {
          results.push(await measure('postgres', await createDatabase(server.url, 'heed_bench_import'), file))
        } finally {
          await server.stop()
        }
      } else throw new Error(`unknown dialect ${dialect}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const targets: Target[] = results.map((result) => ({
    what: `${result.dialect}: import of ${lines.toLocaleString('en')} lines < ${TARGET_SECONDS} s`,
    measured: `${result.importSeconds} s`,
    met: result.importSeconds < TARGET_SECONDS,
  }))
  log(
    `\n${table(
      ['dialect', 'import s', 're-import s'],
      results.map((r) => [r.dialect, r.importSeconds, r.reimportSeconds]),
    )}`,
  )
  for (const t of targets) log(`${verdict(t.met)}: ${t.what} (${t.measured})`)
  const written = writeResults('revenue-import', {
    machine: machine(),
    revision: revision(),
    lines,
    accounts: Number(args.accounts),
    results,
    targets,
  })
  log(`results: ${written}`)
}

await main()
