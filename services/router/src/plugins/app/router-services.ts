import type { FastifyInstance } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { Dispatcher } from 'undici';

import type { SentinelTokenClient } from '../../../../kit/sentinel/token-client.ts';
import type { RouterConfig } from '../../config.ts';
import { Discovery } from '../../discovery/discovery.ts';
import { EndpointResolver } from '../../discovery/endpoint-resolver.ts';
import { DedupeWindow } from '../../fan-out/dedupe-window.ts';
import { PublishService } from '../../fan-out/publish-service.ts';
import { SubscriberLists } from '../../fan-out/subscriber-lists.ts';
import { RouteService } from '../../routing/route-service.ts';
import type { AgentStat } from '../../stats/agent-stat.ts';
import { StatsBatcher } from '../../stats/stats-batcher.ts';
import { A2aClient, type OutboundHeaders } from '../../upstream/a2a-client.ts';
import { RegistryClient } from '../../upstream/registry-client.ts';
import { SubscriptionClient } from '../../upstream/subscription-client.ts';
import type { UpstreamHealth } from '../../upstream/upstream-health.ts';

/** What the routes use. */
export interface RouterServices {
  readonly routes: RouteService;
  readonly publisher: PublishService;
  readonly stats: StatsBatcher<AgentStat>;
}

/** Inputs of {@link createRouterServices}. */
export interface RouterServicesOptions {
  readonly config: RouterConfig;
  /** Pool for the registry and subscription service (private cluster addresses). */
  readonly dispatcher: Dispatcher;
  /** Pool for agent endpoints, under AGENT_ENDPOINT_POLICY. */
  readonly agentDispatcher: Dispatcher;
  /** The router's agent-facing Sentinel tokens, sent only to agents; undefined: none. */
  readonly tokens: SentinelTokenClient | undefined;
  /** The router's upstream tokens, sent only to the registry and subscription service;
   *  undefined: none. Never given to agents (they could replay it to report stats). */
  readonly upstreamTokens: SentinelTokenClient | undefined;
  readonly health: UpstreamHealth;
  readonly metrics: Registry;
}

/** Wires caches, upstream clients and the two engines. The caller closes `stats` on shutdown. */
export function createRouterServices(
  app: FastifyInstance,
  options: RouterServicesOptions,
): RouterServices {
  const { config, dispatcher, agentDispatcher, health } = options;
  const headers: OutboundHeaders = async () =>
    options.tokens ? { ...(await options.tokens.a2aHeaders()) } : {};
  const upstreamHeaders: OutboundHeaders = async () =>
    options.upstreamTokens ? { ...(await options.upstreamTokens.a2aHeaders()) } : {};
  const clientFor = (upstream: 'registry' | 'subscription', baseUrl: string) =>
    new A2aClient({
      upstream,
      baseUrl,
      dispatcher,
      timeoutMs: config.upstreamTimeoutMs,
      agentKey: config.agentKey,
      headers: upstreamHeaders,
      health,
    });
  // Only the first ROUTE_MAX_ATTEMPTS candidates are ever tried, so only they are asked for.
  const registry = new RegistryClient(
    clientFor('registry', config.registryUrl),
    config.maxAttempts,
  );
  const subscriptions = new SubscriptionClient(
    clientFor('subscription', config.subscriptionUrl),
    config.maxSubscribers,
  );

  const cacheLimits = {
    staleOnErrorMs: config.staleOnErrorMs,
    maxEntries: config.cacheMaxEntries,
  };
  const dropped = new Counter({
    name: 'traylinx_router_stats_dropped_total',
    help: 'Attempt stats dropped instead of reported (buffer full or registry failing)',
    labelNames: ['reason'],
    registers: [options.metrics],
  });
  const stats = new StatsBatcher<AgentStat>({
    send: (batch) => registry.report(batch),
    flushIntervalMs: config.statsFlushIntervalMs,
    maxBatch: config.statsBatchMax,
    maxBuffered: config.statsBufferMax,
    onDrop: (count, reason) => {
      dropped.inc({ reason }, count);
      // An overflow drops one record per routed call while the registry is down: the counter
      // tells that story; a log line per call would only bury the send failure that caused it.
      if (reason !== 'overflow') app.log.warn({ count, reason }, 'attempt stats dropped');
    },
  });

  const routes = new RouteService({
    discovery: new Discovery({
      discover: (requirements) => registry.discover(requirements),
      ttlMs: config.discoveryTtlMs,
      ...cacheLimits,
    }),
    dispatcher: agentDispatcher,
    headers,
    stats,
    agentKey: config.agentKey,
    maxAttempts: config.maxAttempts,
    attemptTimeoutMs: config.attemptTimeoutMs,
    replyMaxBytes: config.replyMaxBytes,
  });

  const publisher = new PublishService({
    subscribers: new SubscriberLists({
      load: (query) => subscriptions.subscribers(query),
      ttlMs: config.subscribersTtlMs,
      ...cacheLimits,
    }),
    endpoints: new EndpointResolver({
      lookup: (keys) => registry.endpoints(keys),
      ttlMs: config.discoveryTtlMs,
      ...cacheLimits,
    }),
    dedupe: new DedupeWindow({
      windowMs: config.dedupeWindowMs,
      maxEntries: config.dedupeMaxEntries,
    }),
    dispatcher: agentDispatcher,
    headers,
    agentKey: config.agentKey,
    concurrency: config.fanOutConcurrency,
    deliveryTimeoutMs: config.deliveryTimeoutMs,
    replyMaxBytes: config.replyMaxBytes,
  });

  return { routes, publisher, stats };
}
