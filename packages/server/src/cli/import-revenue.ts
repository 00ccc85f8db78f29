import { readFileSync } from 'node:fs'
import { toFieldIssues } from '@heed/shared/schemas/issues'
import { ApiError } from '../errors'
import { ZRevenueChangeInput } from '../routes/admin/revenue/schemas'
import { findProject } from '../store/projects'
import { type NewRevenueChange, recordChanges } from '../store/revenue/ledger'
import { type Command, CommandFailure, EXIT_OK, parseOptions, UsageError } from './command'
import { openMigrated } from './database'
import { count } from './progress'
import { DEFAULT_DATABASE, databaseSetting } from './settings'

const REQUIRED = ['account_id', 'at', 'mrr', 'currency'] as const
const OPTIONAL = ['plan', 'status', 'renews_at'] as const
/** The CSV's column for each field of a change. */
const COLUMN_OF: Record<string, string> = { accountId: 'account_id', renewsAt: 'renews_at' }
/** Errors listed before the rest are only counted. */
const MAX_ERRORS = 20

export const importRevenueCommand: Command = {
  help: `Usage: heed import revenue FILE --project <id> [options]

Adds the MRR changes of a CSV file to a project's revenue ledger, all or nothing. The first line names the
columns: account_id,at,mrr,currency and optionally plan,status,renews_at (any order). 'at' and 'renews_at'
are ISO 8601 date-times with a zone, 'mrr' whole minor units (cents), 'status' trial, active or canceled.
A bad line stops the import before anything is stored, naming the line; a line already imported is left as
it is, so importing the same file again changes nothing.

Options:
  --project <id>       the project's id (required)
  --database <target>  SQLite file, or a postgres:// URL  (env HEED_DATABASE, then DATABASE_URL,
                                                            default ${DEFAULT_DATABASE})
  -h, --help           show this help
`,
  async run(args, { env, stdout }) {
    const [file, ...rest] = args
    if (file === '--help' || file === '-h') {
      stdout.write(importRevenueCommand.help)
      return EXIT_OK
    }
    if (file === undefined || file.startsWith('-')) {
      throw new UsageError('name the CSV file first: heed import revenue FILE --project <id>')
    }
    const options = parseOptions(rest, { project: { type: 'string' }, database: { type: 'string' } })
    if (options.help) {
      stdout.write(importRevenueCommand.help)
      return EXIT_OK
    }
    if (!options.project) throw new UsageError('--project is required')
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw new CommandFailure(
        `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    const changes = parseCsv(text)
    const { database } = await openMigrated(databaseSetting(options.database, env))
    try {
      const project = await findProject(database, options.project)
      if (!project) throw new CommandFailure(`no project ${options.project} in ${database.location}`)
      const interactive = stdout.isTTY === true
      const outcome = await recordChanges(database, project.id, changes, {
        now: Date.now(),
        timeZone: project.timeZone,
        field: 'lines',
        onProgress: (done, total) => {
          if (interactive) stdout.write(`\r\x1b[2K  storing ${count(done)} / ${count(total)}`)
        },
      }).catch((error: unknown) => {
        if (error instanceof ApiError) throw new CommandFailure(lineMessage(error.message))
        throw error
      })
      if (interactive) stdout.write('\n')
      stdout.write(
        `${count(outcome.created)} changes stored, ${count(outcome.unchanged)} already in the ledger (${file})\n`,
      )
    } finally {
      await database.close()
    }
    return EXIT_OK
  },
}

/** 'lines.3.at: …' (the store names changes by index) as 'line 5: at: …' (the header is line 1). */
const lineMessage = (message: string) =>
  message.replace(/^lines\.(\d+)\.?(\w*)/, (_, index: string, field: string) => {
    return `line ${Number(index) + 2}: ${COLUMN_OF[field] ?? field}`
  })

/** Splits one CSV line into fields, with RFC 4180 quotes ("a,b" and "" inside quotes). */
function fieldsOf(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      fields.push(field)
      field = ''
    } else field += char
  }
  fields.push(field)
  return fields
}

/** Every line validated before anything is stored; all errors (up to MAX_ERRORS) reported by line number. */
export function parseCsv(text: string): NewRevenueChange[] {
  const lines = text.split(/\r?\n/)
  const header = fieldsOf(lines[0] ?? '').map((name) => name.trim().toLowerCase())
  const missing = REQUIRED.filter((name) => !header.includes(name))
  if (missing.length > 0) throw new CommandFailure(`line 1: the header lacks ${missing.join(', ')}`)
  const unknown = header.filter((name) => ![...REQUIRED, ...OPTIONAL].includes(name as never))
  if (unknown.length > 0) throw new CommandFailure(`line 1: unknown column ${unknown.join(', ')}`)
  const changes: NewRevenueChange[] = []
  const errors: string[] = []
  let bad = 0
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return
    const values = fieldsOf(line)
    const cell = (name: string) => {
      const value = values[header.indexOf(name)]
      return value === undefined || value === '' ? undefined : value
    }
    const mrr = cell('mrr')
    const parsed = ZRevenueChangeInput.safeParse({
      accountId: cell('account_id'),
      at: cell('at'),
      mrr: mrr !== undefined && /^-?\d+$/.test(mrr) ? Number(mrr) : mrr,
      currency: cell('currency'),
      plan: cell('plan'),
      status: cell('status'),
      renewsAt: cell('renews_at'),
    })
    if (parsed.success) {
      const { plan, renewsAt, ...change } = parsed.data
      changes.push({ ...change, plan: plan ?? null, renewsAt: renewsAt ?? null })
      return
    }
    bad++
    if (errors.length < MAX_ERRORS) {
      const issue = toFieldIssues(parsed.error)[0]
      const column = COLUMN_OF[issue?.field ?? ''] ?? issue?.field ?? 'line'
      errors.push(`line ${index + 2}: ${column}: ${issue?.message ?? 'invalid'}`)
    }
  })
  if (bad > 0) {
    const more = bad > errors.length ? `\n… and ${bad - errors.length} more bad lines` : ''
    throw new CommandFailure(`nothing was imported: ${bad} bad lines\n${errors.join('\n')}${more}`)
  }
  if (changes.length === 0) throw new CommandFailure('the file holds no changes')
  return changes
}
