import { readFileSync, writeFileSync } from 'node:fs'

/**
 * What `heed demo` remembers beside its database. Secret keys are stored hashed, so the demo keeps its own
 * here to show it again on the next run. `complete` is false while seeding: a run cut short starts over.
 */
export interface DemoKeys {
  projectId: string
  secretKey: string
  complete: boolean
}

export const demoKeysFile = (databaseFile: string) => `${databaseFile}.demo.json`

/** The keys written by an earlier run, or undefined when there are none (or the file is not ours). */
export function readDemoKeys(file: string): DemoKeys | undefined {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { projectId, secretKey, complete } = value as Record<string, unknown>
  if (typeof projectId !== 'string' || typeof secretKey !== 'string') return undefined
  return { projectId, secretKey, complete: complete === true }
}

export function writeDemoKeys(file: string, keys: DemoKeys): void {
  const note = 'Written by heed demo for its demo project only. The secret key opens the admin API.'
  // Readable by its owner only: it holds a working secret key.
  writeFileSync(file, `${JSON.stringify({ note, ...keys }, null, 2)}\n`, { mode: 0o600 })
}
