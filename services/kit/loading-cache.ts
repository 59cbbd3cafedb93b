import { SingleFlight } from './single-flight.ts';
import { TtlCache, type TtlCacheOptions } from './ttl-cache.ts';

/** Where a {@link LoadingCache.get} answer came from. */
export type CacheSource = 'fresh' | 'loaded' | 'stale';

/**
 * A TTL cache that loads misses through single-flight and, when a load fails, serves the expired
 * entry for `staleWhileErrorMs` instead of failing (for example a registry outage).
 */
export class LoadingCache<K, V> {
  private readonly cache: TtlCache<K, V>;
  private readonly flights = new SingleFlight<K, V>();

  constructor(
    options: TtlCacheOptions,
    private readonly load: (key: K) => Promise<V>,
  ) {
    this.cache = new TtlCache<K, V>(options);
  }

  /** The value for `key` and where it came from; rethrows the load error when nothing stale. */
  async getWithSource(key: K): Promise<{ value: V; source: CacheSource }> {
    const fresh = this.cache.get(key);
    if (fresh !== undefined) return { value: fresh, source: 'fresh' };

    try {
      const value = await this.flights.run(key, async () => {
        const loaded = await this.load(key);
        this.cache.set(key, loaded);
        return loaded;
      });
      return { value, source: 'loaded' };
    } catch (error) {
      const stale = this.cache.getStale(key);
      if (stale !== undefined) return { value: stale, source: 'stale' };
      throw error;
    }
  }

  async get(key: K): Promise<V> {
    return (await this.getWithSource(key)).value;
  }

  invalidate(key: K): void {
    this.cache.delete(key);
  }
}
