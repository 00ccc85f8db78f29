// What the one JSON depth limit costs: the scan every body goes through before JSON.parse, timed against
// JSON.parse itself on bodies the ingest and Segment routes take. Run: npx -y pnpm@10 --filter @heed/bench
// run body-depth. Figures depend on the machine and its load; the ratio is what to compare.
import { nestsDeeperThan } from '@heed/server/http/json-depth'

const ROUNDS = 2_000

const now = new Date().toISOString()
const BODIES = {
  'ingest: 100 events': JSON.stringify({
    events: Array.from({ length: 100 }, (_, i) => ({
      id: `evt_${String(i).padStart(8, '0')}`,
      name: 'report.exported',
      anonymousId: 'anon_00000001',
      properties: { format: 'csv', rows: i, tags: ['a', 'b'] },
      timestamp: now,
    })),
  }),
  'segment: 15 messages with context': JSON.stringify({
    batch: Array.from({ length: 15 }, (_, i) => ({
      type: 'track',
      event: 'Report Exported',
      userId: `user-${i}`,
      messageId: `node-next-${i}-0d8f7c6e-3a0b-4b43-9f3e-6c8d9e0f1a2b`,
      properties: { format: 'csv', rows: i, note: 'x'.repeat(200) },
      context: { library: { name: '@segment/analytics-node', version: '3.1.0' }, locale: 'en-GB' },
      timestamp: now,
    })),
    sentAt: now,
  }),
}

/** Microseconds per call of `run` on `text`, after a warm-up of the same length. */
function time(run: (text: string) => unknown, text: string): number {
  for (let i = 0; i < ROUNDS; i++) run(text)
  const start = process.hrtime.bigint()
  for (let i = 0; i < ROUNDS; i++) run(text)
  return Number(process.hrtime.bigint() - start) / ROUNDS / 1_000
}

for (const [name, text] of Object.entries(BODIES)) {
  const scan = time((body) => nestsDeeperThan(body), text)
  const parse = time((body) => JSON.parse(body), text)
  console.log(
    `${name} (${text.length} B): depth scan ${scan.toFixed(1)} µs, JSON.parse ${parse.toFixed(1)} µs, ` +
      `scan/parse ${(scan / parse).toFixed(2)}`,
  )
}
