import type { FastifyInstance } from 'fastify';
import type { BaseConfig } from '../../kit/config.ts';
import { createServiceApp } from '../../kit/create-app.ts';
import { LoadingCache } from '../../kit/loading-cache.ts';
import type { RegistryContext } from './context.ts';
import { AgentsRepository, type AgentOwnership } from './plugins/app/agents-repository.ts';
import { CatalogRepository } from './plugins/app/catalog-repository.ts';
import { DiscoveryRepository } from './plugins/app/discovery-repository.ts';
import { HeartbeatBuffer } from './plugins/app/heartbeat-buffer.ts';
import { StatsRepository } from './plugins/app/stats-repository.ts';
import { installDatabase, type RegistryDatabase } from './plugins/external/database.ts';
import { installSentinel } from './plugins/external/sentinel.ts';
import { publishRoute } from './routes/a2a/catalog/publish.ts';
import { unpublishRoute } from './routes/a2a/catalog/unpublish.ts';
import { versionsRoute } from './routes/a2a/catalog/versions.ts';
import { deregisterRoute } from './routes/a2a/registry/deregister.ts';
import { discoverRoute } from './routes/a2a/registry/discover.ts';
import { heartbeatRoute } from './routes/a2a/registry/heartbeat.ts';
import { registerRoute } from './routes/a2a/registry/register.ts';
import { statsReportRoute } from './routes/a2a/registry/stats-report.ts';
import { publicCatalogRoutes } from './routes/catalog/public.ts';
import type { RegistrySettings } from './config.ts';

/** Options of {@link buildApp}. */
export interface RegistryAppOptions {
  /** Shared settings plus, optionally, the registry's own (defaults as in `config.ts`). */
  readonly config: BaseConfig & Partial<RegistrySettings>;
  /** PGlite folder when `config.databaseUrl` is unset; default `.data/registry`. */
  readonly dataDir?: string;
  /** Apply migrations on open; default only for PGlite (production runs prisma migrate). */
  readonly migrateOnOpen?: boolean;
  /** Clock in ms for ranking and heartbeats; default `Date.now`. */
  readonly now?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Registry internals, for tests (flush heartbeats, inspect the database). */
    registry: RegistryContext & RegistryDatabase;
  }
}

/**
 * The Agent Registry app (port 8000): tests build it, `server.ts` runs it. It never listens by
 * itself; closing it flushes heartbeats, then closes the database.
 */
export async function buildApp(options: RegistryAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const app = await createServiceApp({
    service: 'registry',
    description: 'Traylinx Agent Registry: agents, heartbeats, ranked discovery, manifest catalog',
    logLevel: config.logLevel,
  });

  installSentinel(app, config.sentinel, config.authCacheSeconds ?? 60);
  const database = await installDatabase(app, {
    url: config.databaseUrl,
    poolMax: config.databasePoolMax,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.migrateOnOpen !== undefined ? { migrate: options.migrateOnOpen } : {}),
  });
  const { prisma, db } = database;

  const agents = new AgentsRepository(prisma, db.sql, now, config.maxAgentsPerOwner ?? 100);
  const heartbeats = new HeartbeatBuffer(db.sql, app.log, {
    flushIntervalMs: (config.heartbeatFlushSeconds ?? 5) * 1_000,
    now,
  });
  const context: RegistryContext = {
    agents,
    discovery: new DiscoveryRepository(db.sql),
    stats: new StatsRepository(db.sql),
    catalog: new CatalogRepository(prisma, db.sql, config.maxVersionsPerAgent ?? 100),
    heartbeats,
    // Short TTL: a deregistered agent's pings are refused within seconds on every replica.
    ownership: new LoadingCache<string, AgentOwnership | null>(
      { maxEntries: 10_000, ttlMs: 10_000 },
      async (agentKey) => (await agents.ownership(agentKey)) ?? null,
    ),
    statsReporters: new Set(
      (config.statsReporterAgentUserIds ?? []).map((id) => id.toLowerCase()),
    ),
    routerIds: new Set((config.routerAgentUserIds ?? []).map((id) => id.toLowerCase())),
    maxAgentsPerOwner: config.maxAgentsPerOwner ?? 100,
    maxVersionsPerAgent: config.maxVersionsPerAgent ?? 100,
    responder: config.agentKey ?? 'traylinx-registry',
    heartbeatTtlMs: (config.heartbeatTtlSeconds ?? 90) * 1_000,
    now,
  };
  app.decorate('registry', { ...context, ...database });

  registerRoute(app, context);
  heartbeatRoute(app, context);
  deregisterRoute(app, context);
  discoverRoute(app, context);
  statsReportRoute(app, context);
  publishRoute(app, context);
  unpublishRoute(app, context);
  versionsRoute(app, context);
  publicCatalogRoutes(app, context);

  // After the server stopped taking requests: flush what is buffered, then close the pools.
  app.addHook('onClose', async () => {
    await heartbeats.close();
    await prisma.$disconnect();
    await db.close();
  });
  app.addHook('onReady', async () => heartbeats.start());

  return app;
}
