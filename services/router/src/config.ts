import {
  EnvReader,
  readBaseConfig,
  type BaseConfig,
} from '../../kit/config.ts';
import type { EndpointPolicy } from './upstream/guarded-connector.ts';
import { readUpstreamIdentity, type UpstreamIdentity } from './upstream/upstream-identity.ts';

/** Router settings on top of the shared ones; each is an env variable with its default. */
export interface RouterConfig extends BaseConfig {
  /** `REGISTRY_URL`: Agent Registry base URL. Default `http://127.0.0.1:8000` outside
   *  production; required in production. */
  readonly registryUrl: string;
  /** `SUBSCRIPTION_URL`: Subscription Service base URL. Default `http://127.0.0.1:8001` outside
   *  production; required in production. */
  readonly subscriptionUrl: string;
  /** `ROUTER_AGENT_KEY`: the router's `sender_agent_key` on messages it sends.
   *  Default `router`. */
  readonly agentKey: string;
  /** `ROUTE_ATTEMPT_TIMEOUT_MS`: longest wait for one agent. Default 10 000 (50-120 000). */
  readonly attemptTimeoutMs: number;
  /** `ROUTE_MAX_ATTEMPTS`: agents tried per routed call. Default 3 (1-3). */
  readonly maxAttempts: number;
  /** `ROUTE_DEADLINE_MS`: deadline when the caller gives none, and the largest it may give.
   *  Default 30 000 (100-300 000). */
  readonly deadlineMs: number;
  /** `DISCOVERY_CACHE_TTL_MS`: how long discovery results are reused. Default 5 000
   *  (1-300 000). */
  readonly discoveryTtlMs: number;
  /** `SUBSCRIBERS_CACHE_TTL_MS`: how long subscriber lists are reused. Default 2 000
   *  (1-300 000). */
  readonly subscribersTtlMs: number;
  /** `CACHE_STALE_ON_ERROR_MS`: how long after expiry a cached entry is still served while its
   *  upstream fails. Default 60 000 (0-3 600 000). */
  readonly staleOnErrorMs: number;
  /** `CACHE_MAX_ENTRIES`: entries per cache (discovery, subscribers, endpoints). Default 1 000
   *  (1-100 000). */
  readonly cacheMaxEntries: number;
  /** `UPSTREAM_TIMEOUT_MS`: longest wait for the registry or subscription service. Default
   *  3 000 (50-60 000). */
  readonly upstreamTimeoutMs: number;
  /** `UPSTREAM_PROBE_INTERVAL_MS`: how often upstream `/ready` is probed for
   *  `/health/upstreams`; 0 disables probing. Default 10 000 (0-600 000). */
  readonly upstreamProbeIntervalMs: number;
  /** `FANOUT_CONCURRENCY`: deliveries in flight per published event. Default 16 (1-256). */
  readonly fanOutConcurrency: number;
  /** `DELIVERY_TIMEOUT_MS`: longest wait for one subscriber. Default 5 000 (50-60 000). */
  readonly deliveryTimeoutMs: number;
  /** `FANOUT_MAX_SUBSCRIBERS`: most subscribers one event reaches. Default 1 000
   *  (1-10 000). */
  readonly maxSubscribers: number;
  /** `DEDUPE_WINDOW_MS`: how long a message id blocks a repeat. Default 300 000
   *  (1 000-86 400 000). */
  readonly dedupeWindowMs: number;
  /** `DEDUPE_MAX_ENTRIES`: most message ids remembered. Default 100 000 (1-10 000 000). */
  readonly dedupeMaxEntries: number;
  /** `AGENT_CONNECTIONS_PER_ORIGIN`: keep-alive sockets per agent or service. Default 64
   *  (1-1 024). */
  readonly connectionsPerOrigin: number;
  /** `AGENT_REPLY_MAX_BYTES`: largest agent reply passed back. Default 1 048 576
   *  (1 024-16 777 216). */
  readonly replyMaxBytes: number;
  /** `STATS_FLUSH_INTERVAL_MS`: how often attempt stats go to the registry. Default 1 000
   *  (10-60 000). */
  readonly statsFlushIntervalMs: number;
  /** `STATS_BATCH_MAX`: attempts per `stats.report` call. Default 100 (1-500, the registry's
   *  cap). */
  readonly statsBatchMax: number;
  /** `AGENT_ENDPOINT_POLICY`: `public` connects to agents only at public unicast addresses
   *  (checked on the resolved address; no loopback, private, link-local/metadata, CGNAT, ULA,
   *  multicast, unspecified, IPv6 forms carrying IPv4: mapped, NAT64, 6to4, Teredo); `any`
   *  connects anywhere. Default `public` in production, `any`
   *  otherwise. The registry and subscription service are always reachable. */
  readonly agentEndpointPolicy: EndpointPolicy;
  /** `STATS_BUFFER_MAX`: attempts held while the registry is slow; older ones are dropped.
   *  Default 10 000 (1-1 000 000). */
  readonly statsBufferMax: number;
  /** `TRAYLINX_UPSTREAM_CLIENT_ID`, `TRAYLINX_UPSTREAM_CLIENT_SECRET`,
   *  `TRAYLINX_UPSTREAM_AGENT_USER_ID`: the router's identity toward the registry and the
   *  subscription service, never sent to agents; must differ from `TRAYLINX_*`. Required in
   *  production; default outside production when all unset: the agent-facing identity
   *  (`shared`, logged as a warning at start). */
  readonly upstreamIdentity: UpstreamIdentity;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the router's environment; throws one ConfigError listing every problem. */
export function loadRouterConfig(env: Env): RouterConfig {
  const reader = new EnvReader(env);
  const base = readBaseConfig(reader, { defaultPort: 8080, database: false });

  const config: RouterConfig = {
    ...base,
    registryUrl: upstreamUrl(reader, 'REGISTRY_URL', 'http://127.0.0.1:8000', base.production),
    subscriptionUrl: upstreamUrl(
      reader,
      'SUBSCRIPTION_URL',
      'http://127.0.0.1:8001',
      base.production,
    ),
    agentKey: reader.optional('ROUTER_AGENT_KEY') ?? 'router',
    attemptTimeoutMs: reader.integer('ROUTE_ATTEMPT_TIMEOUT_MS', 10_000, 50, 120_000),
    maxAttempts: reader.integer('ROUTE_MAX_ATTEMPTS', 3, 1, 3),
    deadlineMs: reader.integer('ROUTE_DEADLINE_MS', 30_000, 100, 300_000),
    discoveryTtlMs: reader.integer('DISCOVERY_CACHE_TTL_MS', 5_000, 1, 300_000),
    subscribersTtlMs: reader.integer('SUBSCRIBERS_CACHE_TTL_MS', 2_000, 1, 300_000),
    staleOnErrorMs: reader.integer('CACHE_STALE_ON_ERROR_MS', 60_000, 0, 3_600_000),
    cacheMaxEntries: reader.integer('CACHE_MAX_ENTRIES', 1_000, 1, 100_000),
    upstreamTimeoutMs: reader.integer('UPSTREAM_TIMEOUT_MS', 3_000, 50, 60_000),
    upstreamProbeIntervalMs: reader.integer('UPSTREAM_PROBE_INTERVAL_MS', 10_000, 0, 600_000),
    fanOutConcurrency: reader.integer('FANOUT_CONCURRENCY', 16, 1, 256),
    deliveryTimeoutMs: reader.integer('DELIVERY_TIMEOUT_MS', 5_000, 50, 60_000),
    maxSubscribers: reader.integer('FANOUT_MAX_SUBSCRIBERS', 1_000, 1, 10_000),
    dedupeWindowMs: reader.integer('DEDUPE_WINDOW_MS', 300_000, 1_000, 86_400_000),
    dedupeMaxEntries: reader.integer('DEDUPE_MAX_ENTRIES', 100_000, 1, 10_000_000),
    connectionsPerOrigin: reader.integer('AGENT_CONNECTIONS_PER_ORIGIN', 64, 1, 1_024),
    replyMaxBytes: reader.integer('AGENT_REPLY_MAX_BYTES', 1_048_576, 1_024, 16_777_216),
    statsFlushIntervalMs: reader.integer('STATS_FLUSH_INTERVAL_MS', 1_000, 10, 60_000),
    statsBatchMax: reader.integer('STATS_BATCH_MAX', 100, 1, 500),
    statsBufferMax: reader.integer('STATS_BUFFER_MAX', 10_000, 1, 1_000_000),
    agentEndpointPolicy: reader.oneOf<EndpointPolicy>(
      'AGENT_ENDPOINT_POLICY',
      ['public', 'any'],
      base.production ? 'public' : 'any',
    ),
    upstreamIdentity: readUpstreamIdentity(reader, base.sentinel, base.production),
  };

  reader.finish();
  return config;
}

// Inside the cluster the upstreams are plain-http Services; production must name them.
function upstreamUrl(
  reader: EnvReader,
  name: string,
  devDefault: string,
  production: boolean,
): string {
  const raw = production
    ? reader.required(name, 'in production')
    : reader.optional(name) ?? devDefault;
  return reader.url(name, ['http:', 'https:'], raw) ?? devDefault;
}
