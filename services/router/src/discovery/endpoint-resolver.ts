import { AGENT_KEY_PATTERN } from '../../../kit/envelope.ts';
import { SingleFlight } from '../../../kit/single-flight.ts';
import { TtlCache } from '../../../kit/ttl-cache.ts';

/** Where an agent receives messages, or why it cannot be reached. */
export type Resolution =
  | { readonly endpoint: string }
  | { readonly endpoint: null; readonly reason: string };

/** Options of {@link EndpointResolver}. */
export interface EndpointResolverOptions {
  /** Looks up several agent keys in the registry; absent keys map to null (not registered). */
  readonly lookup: (agentKeys: string[]) => Promise<Map<string, string | null>>;
  readonly ttlMs: number;
  readonly staleOnErrorMs: number;
  readonly maxEntries: number;
}

/**
 * Agent key -> endpoint for event delivery, cached per key. Only the keys missing from the cache
 * go to the registry, in one call shared by concurrent publishes of the same key set; when the
 * registry fails, stale entries are used and the rest are reported unreachable, so an outage
 * still reaches every subscriber the router has seen recently. A key the registry would reject
 * (not its agent_key pattern) is never sent: it would fail the whole lookup, so it resolves to
 * unreachable on its own and the other keys still go out.
 */
export class EndpointResolver {
  private readonly cache: TtlCache<string, string | null>;
  private readonly flights = new SingleFlight<string, Map<string, string | null>>();

  constructor(private readonly options: EndpointResolverOptions) {
    this.cache = new TtlCache({
      ttlMs: options.ttlMs,
      staleWhileErrorMs: options.staleOnErrorMs,
      maxEntries: options.maxEntries,
    });
  }

  async resolve(agentKeys: readonly string[]): Promise<Map<string, Resolution>> {
    const resolved = new Map<string, Resolution>();
    const missing: string[] = [];
    for (const key of agentKeys) {
      if (!VALID_KEY.test(key)) {
        resolved.set(key, { endpoint: null, reason: 'not a valid agent key' });
        continue;
      }
      const cached = this.cache.get(key);
      if (cached === undefined) missing.push(key);
      else resolved.set(key, resolution(cached));
    }
    if (missing.length === 0) return resolved;

    missing.sort();
    try {
      const found = await this.flights.run(missing.join('\u0000'), async () => {
        const answer = await this.options.lookup(missing);
        for (const key of missing) this.cache.set(key, answer.get(key) ?? null);
        return answer;
      });
      for (const key of missing) resolved.set(key, resolution(found.get(key) ?? null));
    } catch (error) {
      const reason = `registry unavailable: ${(error as Error).message}`;
      for (const key of missing) {
        const stale = this.cache.getStale(key);
        resolved.set(key, stale === undefined ? { endpoint: null, reason } : resolution(stale));
      }
    }
    return resolved;
  }
}

const VALID_KEY = new RegExp(AGENT_KEY_PATTERN);

function resolution(endpoint: string | null): Resolution {
  return endpoint === null
    ? { endpoint: null, reason: 'agent not registered or not live' }
    : { endpoint };
}
