import { readFileSync } from 'node:fs'

const SAMPLE_EVERY_MS = 100

export interface RssSampler {
  /** Stops sampling; the largest resident set seen, in MiB. */
  stop(): { peakMb: number; samples: number }
}

/** Samples another process's resident set (VmRSS in /proc/<pid>/status) until stopped. */
export function sampleRss(pid: number): RssSampler {
  let peakKb = 0
  let samples = 0
  const sample = () => {
    const kb = readRssKb(pid)
    if (kb === undefined) return
    peakKb = Math.max(peakKb, kb)
    samples++
  }
  sample()
  const timer = setInterval(sample, SAMPLE_EVERY_MS)
  return {
    stop() {
      clearInterval(timer)
      sample()
      return { peakMb: round(peakKb / 1024), samples }
    },
  }
}

/** The process's resident set in KiB, or undefined once it has exited. */
export function readRssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

const round = (value: number) => Math.round(value * 10) / 10

/** MiB (what the samples are in) as MB, the unit of the 200 MB targets: 1 MiB is 1.048576 MB. */
export const megabytes = (mebibytes: number) => mebibytes * 1.048576
