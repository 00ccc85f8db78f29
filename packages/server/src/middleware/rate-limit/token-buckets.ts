interface Bucket {
  tokens: number
  updated: number
}

/** Sizes the map may reach before buckets that have filled up again (and so say nothing) are dropped. */
const SWEEP_AT = 10_000

/**
 * A token bucket per key: `perSecond` tokens flow in, up to `burst`. In memory: behind a load balancer each
 * instance keeps its own.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>()

  constructor(
    readonly perSecond: number,
    readonly burst: number,
  ) {}

  /** The tokens `key` has at `at`; asking keeps nothing for a key that has taken none. */
  tokens(key: string, at: number): number {
    return this.#buckets.has(key) ? this.#refill(key, at).tokens : this.burst
  }

  /** Takes a token from `key`'s bucket; false, taking nothing, when it has less than one. */
  take(key: string, at: number): boolean {
    const bucket = this.#refill(key, at)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  /** Whole seconds until `key` has a token again (at least 1). */
  retryAfter(key: string, at: number): number {
    return Math.max(1, Math.ceil((1 - this.tokens(key, at)) / this.perSecond))
  }

  #refill(key: string, at: number): Bucket {
    let bucket = this.#buckets.get(key)
    if (bucket === undefined) {
      if (this.#buckets.size >= SWEEP_AT) this.#sweep(at)
      bucket = { tokens: this.burst, updated: at }
      this.#buckets.set(key, bucket)
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((at - bucket.updated) / 1000) * this.perSecond)
    bucket.updated = at
    return bucket
  }

  /**
   * A full bucket is the same as none: dropping those keeps one bucket per key that is actually limited.
   * When too many keys are limited at once, the oldest go too, down to nine tenths of the bound, so the map
   * stays bounded and a sweep is not redone on every new key.
   */
  #sweep(at: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((at - bucket.updated) / 1000) * this.perSecond >= this.burst)
        this.#buckets.delete(key)
    }
    let excess = this.#buckets.size - Math.floor(SWEEP_AT * 0.9)
    for (const key of this.#buckets.keys()) {
      if (excess-- <= 0) break
      this.#buckets.delete(key)
    }
  }
}
