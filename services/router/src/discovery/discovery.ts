import { LoadingCache, type CacheSource } from '../../../kit/loading-cache.ts';
import type { Candidate } from '../routing/route-request.ts';
import { requirementsKey, type Requirements } from './capabilities.ts';

/** Options of {@link Discovery}. */
export interface DiscoveryOptions {
  /** Asks the registry; called once per key however many requests miss at once. */
  readonly discover: (requirements: Requirements) => Promise<Candidate[]>;
  readonly ttlMs: number;
  readonly staleOnErrorMs: number;
  readonly maxEntries: number;
}

/**
 * Ranked candidates per requirements, cached for a short TTL. Concurrent misses share one
 * registry call; while the registry fails, the last answer is served for `staleOnErrorMs`
 * past its expiry (agents may have gone, which the fallback to the next candidate absorbs).
 */
export class Discovery {
  private readonly cache: LoadingCache<string, Candidate[]>;

  constructor(options: DiscoveryOptions) {
    this.cache = new LoadingCache<string, Candidate[]>(
      {
        ttlMs: options.ttlMs,
        staleWhileErrorMs: options.staleOnErrorMs,
        maxEntries: options.maxEntries,
      },
      (key) => options.discover(JSON.parse(key) as Requirements),
    );
  }

  async candidates(
    requirements: Requirements,
  ): Promise<{ candidates: Candidate[]; source: CacheSource }> {
    const { value, source } = await this.cache.getWithSource(requirementsKey(requirements));
    return { candidates: value, source };
  }
}
