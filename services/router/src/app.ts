import type { FastifyInstance } from 'fastify';

import { createServiceApp } from '../../kit/create-app.ts';
import { installSentinelGuard } from '../../kit/sentinel/guard.ts';
import { SentinelTokenClient } from '../../kit/sentinel/token-client.ts';
import type { RouterConfig } from './config.ts';
import { installOwnIdentityGuard } from './plugins/app/own-identity-guard.ts';
import { createRouterServices } from './plugins/app/router-services.ts';
import { installExtraMetrics } from './plugins/external/extra-metrics.ts';
import { publishRoute } from './routes/publish.ts';
import { routeRoute } from './routes/route.ts';
import { upstreamHealthRoute } from './routes/upstream-health.ts';
import { createHttpPool } from './upstream/http-pool.ts';
import { UpstreamHealth } from './upstream/upstream-health.ts';
import { startUpstreamProbes } from './upstream/upstream-probe.ts';

/** Options of {@link buildApp}. */
export interface RouterAppOptions {
  readonly config: RouterConfig;
}

/**
 * The Router Agent app (port 8080, no database): `/a2a/route` and `/a2a/events/publish`.
 * `/ready` has no upstream checks on purpose: a registry outage must not take every replica
 * out of the Service at once; upstream health is in `/health/upstreams` and
 * `traylinx_upstream_up`.
 */
export async function buildApp(options: RouterAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = await createServiceApp({
    service: 'router',
    description: 'Routes A2A calls by capability with fallback; fans events out to subscribers',
    logLevel: config.logLevel,
    // A routed call may wait for its whole deadline; Fastify must not cut it first.
    requestTimeoutMs: config.deadlineMs + 5_000,
  });

  const sentinel = config.sentinel;
  const tokens = sentinel ? new SentinelTokenClient(sentinel) : undefined;
  installSentinelGuard(app, { tokens, baseUrl: sentinel?.baseUrl });

  const upstream = config.upstreamIdentity;
  const upstreamTokens = upstream.shared
    ? tokens
    : upstream.sentinel && new SentinelTokenClient(upstream.sentinel);
  if (upstream.shared && sentinel) {
    app.log.warn('no TRAYLINX_UPSTREAM_* identity: agents get the token the registry and ' +
      'subscription service trust (development and test only)');
  }
  installOwnIdentityGuard(app, [sentinel?.agentUserId, upstream.sentinel?.agentUserId]
    .filter((id): id is string => id !== undefined));

  const metrics = installExtraMetrics(app);
  const health = new UpstreamHealth(metrics);
  const dispatcher = createHttpPool({ connectionsPerOrigin: config.connectionsPerOrigin });
  const agentDispatcher = createHttpPool({
    connectionsPerOrigin: config.connectionsPerOrigin,
    policy: config.agentEndpointPolicy,
  });
  const services = createRouterServices(app, {
    config,
    dispatcher,
    agentDispatcher,
    tokens,
    upstreamTokens,
    health,
    metrics,
  });

  const stopProbes = startUpstreamProbes({
    upstreams: [
      { name: 'registry', url: config.registryUrl },
      { name: 'subscription', url: config.subscriptionUrl },
    ],
    dispatcher,
    health,
    intervalMs: config.upstreamProbeIntervalMs,
    timeoutMs: config.upstreamTimeoutMs,
  });
  // In-flight requests are done by now; the last stats go out before the pool closes.
  app.addHook('onClose', async () => {
    stopProbes();
    await services.stats.close();
    await Promise.all([dispatcher.close(), agentDispatcher.close()]);
  });

  routeRoute(app, {
    routes: services.routes,
    agentKey: config.agentKey,
    deadlineMs: config.deadlineMs,
  });
  publishRoute(app, { publisher: services.publisher, agentKey: config.agentKey });
  upstreamHealthRoute(app, health);
  return app;
}
