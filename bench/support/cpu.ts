import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'

/*
 * CPU time from /proc, in clock ticks. A benchmark on a 2-core machine is only meaningful if nothing else
 * ran beside it, so the runs say how much CPU the server, the load generator and everything else used.
 */

/** USER_HZ: 100 on every Linux architecture Node.js runs on. */
const TICKS_PER_SECOND = 100

interface Ticks {
  busy: number
  total: number
}

/** All cores together: busy is everything but idle and iowait. */
function machineTicks(): Ticks {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  const total = fields.reduce((sum, value) => sum + value, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total }
}

/** User and system time of one process, all its threads; 0 once it has exited. */
function processTicks(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces and parentheses: the fields are counted after its closing one.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

export interface CpuShares {
  /** Percent of one core, so 100 is one core busy all the time; the machine has `cores` * 100. */
  server: number
  loadGenerator: number
  /** Every other process on the machine: more than a few percent makes the run suspect. */
  others: number
  /** The server's CPU time in seconds, all threads: divided by the work done, it is the cost of one item. */
  serverSeconds: number
}

/** Measures CPU use from now until stop(): the server's, this process's (autocannon), and the rest. */
export function meterCpu(serverPid: number): { stop(): CpuShares } {
  const start = { machine: machineTicks(), server: processTicks(serverPid), self: processTicks(process.pid) }
  return {
    stop() {
      const machine = machineTicks()
      const elapsedPerCore = (machine.total - start.machine.total) / availableParallelism()
      const percent = (ticks: number) => (elapsedPerCore > 0 ? Math.round((ticks / elapsedPerCore) * 100) : 0)
      const server = processTicks(serverPid) - start.server
      const self = processTicks(process.pid) - start.self
      const others = Math.max(0, machine.busy - start.machine.busy - server - self)
      return {
        server: percent(server),
        loadGenerator: percent(self),
        others: percent(others),
        serverSeconds: server / TICKS_PER_SECOND,
      }
    },
  }
}

/** Busy percent of one core over the whole machine during `ms`. */
async function machineBusy(ms: number): Promise<number> {
  const before = machineTicks()
  await sleep(ms)
  const after = machineTicks()
  const total = (after.total - before.total) / availableParallelism()
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * 100) : 0
}

/**
 * Waits until the machine has been nearly idle for a second (other work, such as a test run, would take
 * CPU from the server and make the figures meaningless), or until `maxMs` has passed. Returns the busy
 * percent last seen, so that a run which had to start anyway can say so.
 */
export async function waitForQuiet(
  maxMs: number,
  log: (line: string) => void,
  idleBelow = 15,
): Promise<number> {
  const deadline = Date.now() + maxMs
  let busy = await machineBusy(1_000)
  let told = false
  while (busy >= idleBelow && Date.now() < deadline) {
    if (!told) log(`  waiting for the machine to be quiet: other processes use ${busy}% of a core…`)
    told = true
    busy = await machineBusy(1_000)
  }
  if (busy >= idleBelow) log(`  the machine is still busy (${busy}% of a core): measuring anyway`)
  return busy
}
