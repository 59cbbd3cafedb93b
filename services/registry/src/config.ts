import { EnvReader, UUID, readBaseConfig, type BaseConfig } from '../../kit/config.ts';

/** The registry's own settings. */
export interface RegistrySettings {
  /** `HEARTBEAT_TTL_SECONDS`: an agent silent longer is not discovered; default 90, 5-86400. */
  readonly heartbeatTtlSeconds: number;
  /** `HEARTBEAT_FLUSH_SECONDS`: how often buffered heartbeats are written; default 5, 1-60. */
  readonly heartbeatFlushSeconds: number;
  /** `AUTH_CACHE_SECONDS`: longest trust in one introspection; default 60, 0-3600. */
  readonly authCacheSeconds: number;
  /** `REGISTRY_AGENT_KEY`: key the registry signs replies with; default `traylinx-registry`. */
  readonly agentKey: string;
  /**
   * `STATS_REPORTER_AGENT_USER_IDS`: comma-separated agent user ids (UUIDs: the router's
   * UPSTREAM identity) that may call `registry.stats.report`; these identities may only report
   * and discover, never write agents or catalog entries. Required in production; default none
   * (nobody reports).
   */
  readonly statsReporterAgentUserIds: readonly string[];
  /**
   * `ROUTER_AGENT_USER_IDS`: comma-separated agent user ids (UUIDs: the router's AGENT-FACING
   * identity, whose token the router forwards to every agent it calls). They may discover only:
   * every write and `registry.stats.report` is 403. Must not overlap the stats reporters;
   * default none.
   */
  readonly routerAgentUserIds: readonly string[];
  /** `MAX_AGENTS_PER_OWNER`: most agents one agent user may register; default 100, 1-100000. */
  readonly maxAgentsPerOwner: number;
  /** `MAX_VERSIONS_PER_AGENT`: most catalog versions one agent key holds; default 100, 1-10000. */
  readonly maxVersionsPerAgent: number;
}

/** Registry settings: the shared ones plus its own. */
export type RegistryConfig = BaseConfig & RegistrySettings;

export const REGISTRY_PORT = 8000;

export function readRegistryConfig(
  env: Readonly<Record<string, string | undefined>>,
): RegistryConfig {
  const reader = new EnvReader(env);
  const base = readBaseConfig(reader, { defaultPort: REGISTRY_PORT, database: true });
  const heartbeatTtlSeconds = reader.integer('HEARTBEAT_TTL_SECONDS', 90, 5, 86_400);
  const heartbeatFlushSeconds = reader.integer('HEARTBEAT_FLUSH_SECONDS', 5, 1, 60);
  if (heartbeatFlushSeconds * 2 > heartbeatTtlSeconds) {
    reader.problems.push(
      `HEARTBEAT_FLUSH_SECONDS (${heartbeatFlushSeconds}) must be at most half of ` +
        `HEARTBEAT_TTL_SECONDS (${heartbeatTtlSeconds})`,
    );
  }
  const authCacheSeconds = reader.integer('AUTH_CACHE_SECONDS', 60, 0, 3_600);
  const agentKey = reader.optional('REGISTRY_AGENT_KEY') ?? 'traylinx-registry';
  const statsReporterAgentUserIds = readIds(
    reader,
    'STATS_REPORTER_AGENT_USER_IDS',
    base.production ? "in production (the router's upstream agent user id)" : undefined,
  );
  const routerAgentUserIds = readIds(reader, 'ROUTER_AGENT_USER_IDS');
  const shared = routerAgentUserIds.filter((id) => statsReporterAgentUserIds.includes(id));
  if (shared.length > 0) {
    reader.problems.push(
      'ROUTER_AGENT_USER_IDS and STATS_REPORTER_AGENT_USER_IDS must not share ids ' +
        `(the forwarded router token must not report stats): ${shared.join(',')}`,
    );
  }
  const maxAgentsPerOwner = reader.integer('MAX_AGENTS_PER_OWNER', 100, 1, 100_000);
  const maxVersionsPerAgent = reader.integer('MAX_VERSIONS_PER_AGENT', 100, 1, 10_000);
  reader.finish();

  return {
    ...base,
    heartbeatTtlSeconds,
    heartbeatFlushSeconds,
    authCacheSeconds,
    agentKey,
    statsReporterAgentUserIds,
    routerAgentUserIds,
    maxAgentsPerOwner,
    maxVersionsPerAgent,
  };
}


// Comma-separated UUIDs, lower-cased and deduplicated. `requiredWhy` makes the list required:
// without reporters nobody can feed the ranking, in production a deployment mistake.
function readIds(reader: EnvReader, name: string, requiredWhy?: string): string[] {
  const raw = requiredWhy ? reader.required(name, requiredWhy) : reader.optional(name);
  if (raw === undefined) return [];

  const ids = raw.split(',').map((id) => id.trim()).filter(Boolean);
  const bad = ids.filter((id) => !UUID.test(id));
  if (ids.length === 0 || bad.length > 0) {
    reader.problems.push(`${name} must be comma-separated UUIDs, got ${raw}`);
    return [];
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
