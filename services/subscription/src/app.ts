import type { FastifyInstance } from 'fastify';

import { createServiceApp } from '../../kit/create-app.ts';
import { installSentinelGuard } from '../../kit/sentinel/guard.ts';
import { SentinelTokenClient } from '../../kit/sentinel/token-client.ts';
import type { SubscriptionConfig } from './config.ts';
import { registerSubscriptions } from './plugins/app/subscriptions.ts';
import { registerDatabase } from './plugins/external/database.ts';
import { listRoute } from './routes/list.ts';
import { subscribeRoute } from './routes/subscribe.ts';
import { subscribersRoute } from './routes/subscribers.ts';
import { unsubscribeRoute } from './routes/unsubscribe.ts';

/** Options of {@link buildApp}. */
export interface SubscriptionAppOptions {
  readonly config: SubscriptionConfig;
  /** PGlite data folder when `config.databaseUrl` is unset; default `.data/subscription`. */
  readonly dataDir?: string;
  /** Apply migrations on open; default only for PGlite (production runs prisma migrate). */
  readonly migrateOnOpen?: boolean;
  /** Guard: longest trust of a positive introspection, seconds; default the kit's (60). */
  readonly guardCacheMaxSeconds?: number;
}

/** The Subscription Service app (port 8001); tests build it, `server.ts` runs it. */
export async function buildApp(options: SubscriptionAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = await createServiceApp({
    service: 'subscription',
    description: 'Event subscriptions per agent: event type, job scope, JSON filters',
    logLevel: config.logLevel,
  });

  const sentinel = config.sentinel;
  installSentinelGuard(app, {
    tokens: sentinel ? new SentinelTokenClient(sentinel) : undefined,
    baseUrl: sentinel?.baseUrl,
    ...(options.guardCacheMaxSeconds !== undefined
      ? { cacheMaxSeconds: options.guardCacheMaxSeconds }
      : {}),
  });

  await registerDatabase(app, {
    url: config.databaseUrl,
    poolMax: config.databasePoolMax,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.migrateOnOpen !== undefined ? { migrateOnOpen: options.migrateOnOpen } : {}),
  });
  registerSubscriptions(app, {
    maxPerOwner: config.maxSubscriptionsPerOwner,
    subscribersTimeoutMs: config.subscribersQueryTimeoutMs,
  });

  const routerIds = new Set(config.routerAgentUserIds);
  subscribeRoute(app, routerIds);
  unsubscribeRoute(app, routerIds);
  listRoute(app);
  subscribersRoute(app);
  return app;
}
