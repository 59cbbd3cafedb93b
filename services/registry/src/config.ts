import { EnvReader, readBaseConfig, type BaseConfig } from '../../kit/config.ts';

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
   * `STATS_REPORTER_AGENT_USER_IDS`: comma-separated agent user ids (UUIDs, the router's) that
   * may call `registry.stats.report`; these identities may only report and discover, never
   * write agents or catalog entries. Required in production; default none (nobody reports).
   */
  readonly statsReporterAgentUserIds: readonly string[];
  /** `MAX_AGENTS_PER_OWNER`: most agents one agent user may register; default 100, 1-100000. */
  readonly maxAgentsPerOwner: number;
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
  const statsReporterAgentUserIds = readReporters(reader, base.production);
  const maxAgentsPerOwner = reader.integer('MAX_AGENTS_PER_OWNER', 100, 1, 100_000);
  reader.finish();

  return {
    ...base,
    heartbeatTtlSeconds,
    heartbeatFlushSeconds,
    authCacheSeconds,
    agentKey,
    statsReporterAgentUserIds,
    maxAgentsPerOwner,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Without reporters nobody can feed the ranking; in production that is a deployment mistake.
function readReporters(reader: EnvReader, production: boolean): string[] {
  const name = 'STATS_REPORTER_AGENT_USER_IDS';
  const raw = production
    ? reader.required(name, "in production (the router's agent user id)")
    : reader.optional(name);
  if (raw === undefined) return [];

  const ids = raw.split(',').map((id) => id.trim()).filter(Boolean);
  const bad = ids.filter((id) => !UUID.test(id));
  if (ids.length === 0 || bad.length > 0) {
    reader.problems.push(`${name} must be comma-separated UUIDs, got ${raw}`);
    return [];
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
