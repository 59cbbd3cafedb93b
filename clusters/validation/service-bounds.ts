/**
 * Bounds synth enforces, mostly what the services accept at start-up (services/kit/config.ts,
 * services/router/src/config.ts). A config outside them would synthesize manifests whose pods
 * crash-loop on a ConfigError, so validation refuses it first.
 * test/manifests/service-config.test.ts feeds the synthesized env to the services' own config
 * readers to keep both sides in step.
 */

/** `LOG_LEVEL` values a cluster may use (the services also accept fatal, trace, silent). */
export const CLUSTER_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `DRAIN_SECONDS`: the services accept 0-300. */
export const DRAIN_SECONDS_MAX = 300;

/** `DATABASE_POOL_MAX`: the services accept 1-100. */
export const POOL_SIZE = { min: 1, max: 100 } as const;

/**
 * Longest request a pod finishes after draining: the router's largest deadline
 * (`ROUTE_DEADLINE_MS` accepts at most 300 000), so a longer budget only delays rollouts.
 */
export const REQUEST_BUDGET_SECONDS = { min: 1, max: 300 } as const;

/**
 * Most pods of one workload (fixed replicas or HPA maximum). Kubernetes takes any int32; this
 * bound catches typos such as 1e21 and an HPA that could exhaust the cluster. Raise it here,
 * deliberately, when a cluster really needs more.
 */
export const MAX_REPLICAS = 100;

/** PostgreSQL's own ceiling for `max_connections`. */
export const MAX_CONNECTIONS = 262_143;

/** External Secrets refresh: never off (0), not below a minute (API quota), at most a day. */
export const REFRESH_SECONDS = { min: 60, max: 86_400 } as const;
