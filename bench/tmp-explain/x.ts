import { execFileSync } from 'node:child_process'
import pg from 'pg'
import { createDatabase, startPostgres } from '../../packages/server/test-support/postgres-server'
const HEED = '/work/wt/importspeed/packages/server/bin/heed.js'
const server = await startPostgres()
try {
  const url = await createDatabase(server.url, 'x')
  const p = JSON.parse(execFileSync(process.execPath, [HEED, 'project', 'create', '--name', 'P', '--json', '--database', url], { encoding: 'utf8' })).id
  console.log(execFileSync(process.execPath, [HEED, 'import', 'revenue', '/tmp/impprof/r.csv', '--project', p, '--database', url], { encoding: 'utf8' }))
  const c = new pg.Client(url); await c.connect()
  const { rows } = await c.query('SELECT account_id, at FROM revenue_changes ORDER BY random() LIMIT 500')
  const a = rows.map((r) => r.account_id), t = rows.map((r) => r.at)
  const q = `EXPLAIN ANALYZE SELECT held.id FROM revenue_changes AS held JOIN unnest($1::text[], $2::bigint[]) AS sent(account_id, at) ON held.account_id = sent.account_id AND held.at = sent.at WHERE held.project_id = $3`
  for (const r of (await c.query(q, [a, t, p])).rows) console.log(r['QUERY PLAN'])
  const ids = (await c.query('SELECT id FROM revenue_changes ORDER BY random() LIMIT 500')).rows.map((r) => r.id)
  const q2 = `EXPLAIN ANALYZE SELECT id FROM revenue_changes WHERE project_id = $1 AND id IN (${ids.map((_, i) => `$${i + 2}`).join(',')})`
  for (const r of (await c.query(q2, [p, ...ids])).rows) console.log(r['QUERY PLAN'])
  const q3 = `EXPLAIN ANALYZE SELECT account_id, at, status, mrr, currency FROM revenue_changes WHERE project_id = $1 AND account_id IN (${a.slice(0, 500).map((_, i) => `$${i + 2}`).join(',')}) ORDER BY account_id, at`
  for (const r of (await c.query(q3, [p, ...a])).rows) console.log(r['QUERY PLAN'])
  await c.end()
} finally { await server.stop() }
