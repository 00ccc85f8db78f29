import { readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'

export interface Machine {
  cores: number
  memoryGb: number
  cpu: string
  node: string
}

/** What the figures were measured on: they mean little without it. */
export function machine(): Machine {
  return {
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    cpu: cpuModel(),
    node: process.version,
  }
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    return match?.[1]?.trim() ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Writes bench/results/<name>.json; the results are committed, so a change in the figures shows in review. */
export function writeResults(name: string, results: unknown): string {
  const file = fileURLToPath(new URL(`../results/${name}.json`, import.meta.url))
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  return file
}

/** A plain text table: the first `textColumns` columns left-aligned, the figures after them right-aligned. */
export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  textColumns = 1,
): string {
  const cells = [head, ...rows].map((row) => row.map(String))
  const widths = head.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)))
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column < textColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '-'.repeat(width)).join('  ')
  return [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)].join('\n')
}

export interface Target {
  what: string
  /** The figure measured, with its unit, as shown to the reader. */
  measured: string
  met: boolean
}

export const verdict = (met: boolean) => (met ? 'met' : 'MISSED')
