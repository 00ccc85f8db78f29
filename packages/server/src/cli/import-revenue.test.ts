import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHeed } from '../../test-support/cli-process'
import { databaseTargets } from '../../test-support/database-targets'
import { openDatabase } from '../db/open'
import { listAccountChanges } from '../store/revenue/ledger'

describe.each(databaseTargets())('heed import revenue on $name', (dialect) => {
  let target: string
  let remove: () => Promise<void>
  let projectId: string
  let folder: string

  const csv = (name: string, text: string) => {
    const file = join(folder, name)
    writeFileSync(file, text)
    return file
  }
  const changesOf = async (accountId: string) => {
    const database = openDatabase(target)
    try {
      return await listAccountChanges(database, projectId, accountId)
    } finally {
      await database.close()
    }
  }

  beforeAll(async () => {
    ;({ target, remove } = await dialect.create())
    folder = mkdtempSync(join(tmpdir(), 'heed-import-'))
    const created = await runHeed(['project', 'create', '--name', 'Acme', '--json', '--database', target])
    projectId = (JSON.parse(created.stdout) as { id: string }).id
  })
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true })
    await remove()
  })

  it('imports every line, and a second import of the same file changes nothing', async () => {
    const file = csv(
      'good.csv',
      [
        'account_id,at,mrr,currency,plan,status,renews_at',
        'acme-gmbh,2026-09-01T00:00:00Z,49000,USD,"Business, yearly",active,2027-09-01T00:00:00Z',
        'acme-gmbh,2026-11-14T10:30:00Z,0,USD,,canceled,',
        'globex,2026-10-01T00:00:00Z,9900,USD,,,',
        '',
      ].join('\n'),
    )
    const first = await runHeed(['import', 'revenue', file, '--project', projectId, '--database', target])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('3 changes stored, 0 already in the ledger')
    const again = await runHeed(['import', 'revenue', file, '--project', projectId, '--database', target])
    expect(again.stdout).toContain('0 changes stored, 3 already in the ledger')
    const changes = await changesOf('acme-gmbh')
    expect(changes.map(({ mrr, plan, status }) => ({ mrr, plan, status }))).toEqual([
      { mrr: 49_000, plan: 'Business, yearly', status: 'active' },
      { mrr: 0, plan: null, status: 'canceled' },
    ])
  })

  it('names every bad line and stores nothing', async () => {
    const file = csv(
      'bad.csv',
      [
        'account_id,at,mrr,currency',
        'initech,2026-10-01T00:00:00Z,1000,USD',
        'initech,2026-10-02,1000,USD',
        'initech,2026-10-03T00:00:00Z,10.50,USD',
        ',2026-10-04T00:00:00Z,1000,USD',
      ].join('\n'),
    )
    const result = await runHeed(['import', 'revenue', file, '--project', projectId, '--database', target])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('nothing was imported: 3 bad lines')
    expect(result.stderr).toContain('line 3: at:')
    expect(result.stderr).toContain('line 4: mrr:')
    expect(result.stderr).toContain('line 5: account_id:')
    expect(await changesOf('initech')).toEqual([])

    const missingRate = csv('eur.csv', 'account_id,at,mrr,currency\ninitech,2026-10-01T00:00:00Z,1000,EUR\n')
    const refused = await runHeed([
      'import',
      'revenue',
      missingRate,
      '--project',
      projectId,
      '--database',
      target,
    ])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('line 2: currency: no EUR rate for 2026-10')
  })

  it('says what is missing from the command line', async () => {
    const usage = await runHeed(['import', 'revenue', '--project', projectId, '--database', target])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('name the CSV file')
    const noHeader = csv('header.csv', 'account,at,mrr\n')
    const header = await runHeed([
      'import',
      'revenue',
      noHeader,
      '--project',
      projectId,
      '--database',
      target,
    ])
    expect(header.stderr).toContain('line 1: the header lacks account_id, currency')
  })
})
