/**
 * A seeded pseudo-random generator (the mulberry32 algorithm: 32 bits of state, fast, good enough to make
 * data look natural), so every demo run makes the same data. Never for secrets or ids that must not clash.
 */
export class Random {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(this.#state ^ (this.#state >>> 15), this.#state | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new RangeError('cannot pick from an empty list')
    return item
  }

  /** One of the keys, each drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    return this.choose(Object.entries(weights) as [K, number][])
  }

  /** One of the values, each drawn in proportion to the weight beside it. */
  choose<T>(entries: readonly (readonly [T, number])[]): T {
    let left = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0)
    for (const [value, weight] of entries) {
      left -= weight
      if (left < 0) return value
    }
    const last = entries.at(-1)
    if (last === undefined) throw new RangeError('cannot choose from nothing')
    return last[0]
  }

  /** A normally distributed number (Box-Muller). */
  normal(mean: number, deviation: number): number {
    const u = 1 - this.next()
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[items[i], items[j]] = [items[j] as T, items[i] as T]
    }
    return items
  }
}

/** Draws indexes in proportion to fixed weights in O(log n): for picking among thousands of people. */
export class WeightedIndex {
  readonly #cumulative: number[]

  constructor(weights: readonly number[]) {
    let total = 0
    this.#cumulative = weights.map((weight) => {
      total += weight
      return total
    })
  }

  /** An index, drawn in proportion to its weight. */
  draw(random: Random): number {
    const target = random.next() * (this.#cumulative.at(-1) ?? 0)
    let low = 0
    let high = this.#cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.#cumulative[middle] ?? 0) > target) high = middle
      else low = middle + 1
    }
    return low
  }
}
