import type { DialectName } from './dialect'
import type { SqlWork } from './work'

/**
 * A write that can run on SQLite's writer thread: a module-level generator known by a name, so that only
 * its name and arguments cross the thread boundary. Arguments and result must survive structured cloning
 * (plain data: no class instances, no functions); a thrown error arrives as an `Error` with the original
 * name, message and `code`.
 */
export interface Write<Args extends unknown[], Result> {
  readonly name: string
  readonly work: (dialect: DialectName, ...args: Args) => SqlWork<Result>
  /** How many records a call stores: a batch of events weighs as much as that many single answers. */
  readonly records: (...args: Args) => number
}

/** Every write that can be sent to the writer thread, by name; the thread looks writes up here. */
export type WriteRegistry = ReadonlyMap<string, Write<unknown[], unknown>>

export function defineWrite<Args extends unknown[], Result>(
  name: string,
  work: (dialect: DialectName, ...args: Args) => SqlWork<Result>,
  records: (...args: Args) => number = () => 1,
): Write<Args, Result> {
  return { name, work, records }
}

export function writeRegistry(writes: ReadonlyArray<Write<never[], unknown>>): WriteRegistry {
  const registry = new Map<string, Write<unknown[], unknown>>()
  for (const write of writes) {
    if (registry.has(write.name)) throw new Error(`two writes are named ${write.name}`)
    registry.set(write.name, write as unknown as Write<unknown[], unknown>)
  }
  return registry
}
