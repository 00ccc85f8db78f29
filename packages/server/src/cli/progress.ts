import type { SeedProgress, SeedStage } from '../demo/seed'

const LABELS: Record<SeedStage, string> = {
  people: 'accounts and people',
  surveys: 'surveys',
  responses: 'displays and responses',
  cases: 'follow-up cases',
  events: 'usage events',
  revenue: 'revenue changes',
  health: 'health snapshots',
}
const LABEL_WIDTH = Math.max(...Object.values(LABELS).map((label) => label.length))

export const count = (n: number) => n.toLocaleString('en-US')

/**
 * Shows seeding progress: on a terminal, one line per stage that updates in place; elsewhere (a pipe, a
 * log file) one finished line per stage, since carriage returns would only clutter the output.
 */
export function progressPrinter(out: NodeJS.WriteStream): (progress: SeedProgress) => void {
  const interactive = out.isTTY === true
  let started = performance.now()
  let shownPercent = -1
  return ({ stage, done, total }) => {
    if (done === 0) {
      started = performance.now()
      shownPercent = -1
    }
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
    const finished = done >= total
    if (!finished && (!interactive || percent === shownPercent)) return
    shownPercent = percent
    const seconds = finished ? `  ${((performance.now() - started) / 1000).toFixed(1)} s` : ''
    const line = `  ${LABELS[stage].padEnd(LABEL_WIDTH)}  ${count(done).padStart(7)} / ${count(total).padEnd(7)} ${String(percent).padStart(3)}%${seconds}`
    out.write(interactive ? `\r\x1b[2K${line}${finished ? '\n' : ''}` : `${line}\n`)
  }
}
