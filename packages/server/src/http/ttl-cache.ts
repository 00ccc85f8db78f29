/**
 * A small cache for lookups every request makes (project by key, survey kind): entries live `ttlMs`, so
 * changes made through another server instance show within that time. Concurrent misses share one load.
 */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, { value: Promise<V>; expires: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const now = this.now()
    const entry = this.#entries.get(key)
    if (entry && entry.expires > now) return entry.value
    if (this.#entries.size >= this.maxEntries) this.#entries.clear()
    const value = load(key)
    this.#entries.set(key, { value, expires: now + this.ttlMs })
    // A failed load is not cached: the next request tries again.
    value.catch(() => this.#entries.delete(key))
    return value
  }

  delete(key: K): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }
}
