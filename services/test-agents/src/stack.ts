import type { FastifyInstance } from 'fastify';

import { buildApp as buildRegistryApp } from '../../registry/src/app.ts';
import { readRegistryConfig } from '../../registry/src/config.ts';
import { buildApp as buildRouterApp } from '../../router/src/app.ts';
import { loadRouterConfig } from '../../router/src/config.ts';
import { buildStandinApp } from '../../sentinel-standin/src/app.ts';
import { SERVICE_CLIENTS } from '../../sentinel-standin/src/seed.ts';
import { buildApp as buildSubscriptionApp } from '../../subscription/src/app.ts';
import { loadSubscriptionConfig } from '../../subscription/src/config.ts';
import { mintIdentity, type AgentIdentity } from './a2a-caller.ts';

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Registry database URL (an empty database: migrated on start); default in-memory PGlite. */
  readonly registryDatabaseUrl?: string;
  /** Subscription database URL (migrated on start); default in-memory PGlite. */
  readonly subscriptionDatabaseUrl?: string;
  /** Extra router environment (its tunables), e.g. `{DELIVERY_TIMEOUT_MS: '300'}`. */
  readonly routerEnv?: Record<string, string>;
  /** Log level of every service; default `silent`. */
  readonly logLevel?: string;
}

/** The four platform services running in this process on 127.0.0.1 with random ports. */
export interface Stack {
  readonly standinUrl: string;
  readonly registryUrl: string;
  readonly subscriptionUrl: string;
  readonly routerUrl: string;
  readonly registry: FastifyInstance;
  readonly router: FastifyInstance;
  /** The router's agent-facing identity: the token every agent it calls receives. */
  readonly routerIdentity: AgentIdentity;
  /** The router's upstream identity: the registry's only stats reporter (tests rank with it),
   *  the one that asks for subscribers; never sent to agents. */
  readonly routerUpstreamIdentity: AgentIdentity;
  /** Starts another router on the same upstreams with more env (closed by `close`). */
  startRouter(env: Record<string, string>): Promise<string>;
  /** Closes everything started, routers first. */
  close(): Promise<void>;
}

/**
 * Sentinel stand-in, registry, subscription service and router wired as in `npm run dev`, each
 * with its own seeded Sentinel identity, over real HTTP on loopback. The router's two
 * identities (agent-facing and upstream) are minted fresh on the stand-in.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const logLevel = options.logLevel ?? 'silent';
  const started: FastifyInstance[] = [];
  const listen = async (app: FastifyInstance) => {
    started.unshift(app);
    return app.listen({ host: '127.0.0.1', port: 0 });
  };

  const standin = await buildStandinApp({ logLevel: 'silent' });
  const standinUrl = await listen(standin);
  const envFor = (service: keyof typeof SERVICE_CLIENTS, databaseUrl?: string) => {
    const client = SERVICE_CLIENTS[service]!;
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: logLevel,
      TRAYLINX_API_BASE_URL: standinUrl,
      TRAYLINX_CLIENT_ID: client.clientId,
      TRAYLINX_CLIENT_SECRET: client.clientSecret,
      TRAYLINX_AGENT_USER_ID: client.agentUserId,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
  };

  // As in production: only the router's upstream identity may report stats; neither router
  // identity may change subscriptions; the agent-facing one may not report or write.
  const routerIdentity = await mintIdentity(standinUrl);
  const routerUpstreamIdentity = await mintIdentity(standinUrl);
  const registry = await buildRegistryApp({
    config: readRegistryConfig({
      ...envFor('registry', options.registryDatabaseUrl),
      STATS_REPORTER_AGENT_USER_IDS: routerUpstreamIdentity.agentUserId,
      ROUTER_AGENT_USER_IDS: routerIdentity.agentUserId,
    }),
    dataDir: 'memory://',
    migrateOnOpen: true,
  });
  const registryUrl = await listen(registry);

  const subscription = await buildSubscriptionApp({
    config: loadSubscriptionConfig({
      ...envFor('subscription', options.subscriptionDatabaseUrl),
      ROUTER_AGENT_USER_IDS:
        `${routerIdentity.agentUserId},${routerUpstreamIdentity.agentUserId}`,
    }),
    dataDir: 'memory://',
    migrateOnOpen: true,
  });
  const subscriptionUrl = await listen(subscription);

  const startRouter = async (env: Record<string, string>) => {
    const router = await buildRouterApp({
      config: loadRouterConfig({
        ...envFor('router'),
        TRAYLINX_CLIENT_ID: routerIdentity.clientId,
        TRAYLINX_CLIENT_SECRET: routerIdentity.clientSecret,
        TRAYLINX_AGENT_USER_ID: routerIdentity.agentUserId,
        TRAYLINX_UPSTREAM_CLIENT_ID: routerUpstreamIdentity.clientId,
        TRAYLINX_UPSTREAM_CLIENT_SECRET: routerUpstreamIdentity.clientSecret,
        TRAYLINX_UPSTREAM_AGENT_USER_ID: routerUpstreamIdentity.agentUserId,
        REGISTRY_URL: registryUrl,
        SUBSCRIPTION_URL: subscriptionUrl,
        UPSTREAM_PROBE_INTERVAL_MS: '0',
        ...env,
      }),
    });
    return { app: router, url: await listen(router) };
  };
  const first = await startRouter(options.routerEnv ?? {});
  return {
    standinUrl,
    registryUrl,
    subscriptionUrl,
    routerUrl: first.url,
    registry,
    router: first.app,
    routerIdentity,
    routerUpstreamIdentity,
    startRouter: async (env) => (await startRouter({ ...options.routerEnv, ...env })).url,
    async close() {
      for (const app of started) await app.close();
    },
  };
}
