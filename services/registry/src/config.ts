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
  reader.finish();

  return { ...base, heartbeatTtlSeconds, heartbeatFlushSeconds, authCacheSeconds, agentKey };
}
