import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { afterEach, describe, expect, it } from 'vitest'
import { capYoungGeneration } from './heap-tuning'

const MIB = 1024 * 1024
const youngGeneration = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0

/** Allocates objects that live a little while, as requests' do, yielding so that timers run. */
async function allocate(rounds: number): Promise<number> {
  let largest = 0
  let alive: object[] = []
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 50_000; i++) {
      alive.push({ i, text: `request ${i}`, headers: [round, i] })
      if (alive.length > 20_000) alive = []
    }
    largest = Math.max(largest, youngGeneration())
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return largest
}

describe('the main thread young generation cap', () => {
  let timer: NodeJS.Timeout | undefined
  afterEach(() => {
    clearInterval(timer)
    setFlagsFromString('--semi-space-growth-factor=2')
  })

  it('stops V8 growing the young generation past the cap, give or take one doubling', async () => {
    timer = capYoungGeneration(4 * MIB, 1)
    expect(await allocate(60)).toBeLessThanOrEqual(8 * MIB)
  })

  it('leaves it to grow while under the cap', async () => {
    timer = capYoungGeneration(64 * MIB, 1)
    expect(await allocate(60)).toBeGreaterThan(8 * MIB)
  })
})
