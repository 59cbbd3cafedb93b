/** Options of {@link TtlCache}. */
export interface TtlCacheOptions {
  /** Most entries kept; the least recently used entry is evicted beyond it. Required, >= 1. */
  readonly maxEntries: number;
  /** Default time to live of an entry in milliseconds. Required, > 0. */
  readonly ttlMs: number;
  /**
   * How long after expiry an entry may still be served by `getStale` (for example when the
   * upstream that would refresh it fails). Default 0: never serve expired entries.
   */
  readonly staleWhileErrorMs?: number;
  /** Clock in milliseconds; default `Date.now`. Tests pass a fake one. */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A bounded in-memory cache with per-entry expiry and an optional stale-while-error window.
 *
 * Eviction is least-recently-used (a `Map` keeps insertion order; a hit re-inserts the key).
 * Expired entries are removed lazily on access and when the cache is full.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly now: () => number;

  constructor(options: TtlCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be an integer >= 1, got ${options.maxEntries}`);
    }
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${options.ttlMs}`);
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.staleMs = Math.max(0, options.staleWhileErrorMs ?? 0);
    this.now = options.now ?? Date.now;
  }

  /** The fresh value for `key`, or undefined when absent or expired. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;

    const now = this.now();
    if (entry.expiresAt <= now) {
      if (entry.expiresAt + this.staleMs <= now) this.entries.delete(key);
      return undefined;
    }

    this.touch(key, entry);
    return entry.value;
  }

  /**
   * The value for `key` even if expired, as long as it is within the stale-while-error window.
   * Callers use it only after a refresh failed.
   */
  getStale(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;

    if (entry.expiresAt + this.staleMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` for `ttlMs` (default: the cache's TTL). A ttl <= 0 stores nothing. */
  set(key: K, value: V, ttlMs: number = this.ttlMs): void {
    this.entries.delete(key);
    if (!(ttlMs > 0)) return;

    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.evict();
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Entries currently held, including expired ones not yet removed. */
  get size(): number {
    return this.entries.size;
  }

  private touch(key: K, entry: Entry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  // Drops entries past their stale window first; if still full, the least recently used.
  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt + this.staleMs <= now) this.entries.delete(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
