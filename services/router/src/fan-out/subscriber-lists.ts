import { LoadingCache, type CacheSource } from '../../../kit/loading-cache.ts';
import type { EventQuery } from '../upstream/subscription-client.ts';

/** Options of {@link SubscriberLists}. */
export interface SubscriberListsOptions {
  readonly load: (query: EventQuery) => Promise<string[]>;
  readonly ttlMs: number;
  readonly staleOnErrorMs: number;
  readonly maxEntries: number;
  /** Events whose key (type, job, payload as JSON) is longer are not cached. Default 4 096. */
  readonly maxKeyLength?: number;
}

/**
 * Subscriber agent keys per event, cached briefly (filters depend on the payload, so the payload
 * is part of the key). Large payloads bypass the cache so memory stays bounded by
 * `maxEntries * maxKeyLength`; they still get one call each.
 */
export class SubscriberLists {
  private readonly cache: LoadingCache<string, string[]>;
  private readonly maxKeyLength: number;

  constructor(private readonly options: SubscriberListsOptions) {
    this.maxKeyLength = options.maxKeyLength ?? 4_096;
    this.cache = new LoadingCache<string, string[]>(
      {
        ttlMs: options.ttlMs,
        staleWhileErrorMs: options.staleOnErrorMs,
        maxEntries: options.maxEntries,
      },
      (key) => options.load(JSON.parse(key) as EventQuery),
    );
  }

  async subscribers(query: EventQuery): Promise<{ agentKeys: string[]; source: CacheSource }> {
    const key = JSON.stringify({
      eventType: query.eventType,
      jobId: query.jobId,
      payload: query.payload,
    });
    if (key.length > this.maxKeyLength) {
      return { agentKeys: await this.options.load(query), source: 'loaded' };
    }
    const { value, source } = await this.cache.getWithSource(key);
    return { agentKeys: value, source };
  }
}
