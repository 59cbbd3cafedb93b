import { EnvReader, UUID, readBaseConfig, type BaseConfig } from '../../kit/config.ts';

/** Subscription Service settings on top of the shared ones; each is an env variable. */
export interface SubscriptionConfig extends BaseConfig {
  /**
   * `ROUTER_AGENT_USER_IDS`: comma-separated agent user ids (UUIDs) of the router, both its
   * agent-facing and its upstream id. The router forwards its agent-facing token to every agent
   * it calls, so an agent could replay it; these ids may only ask for subscribers, never
   * subscribe or unsubscribe. Default none (optional).
   */
  readonly routerAgentUserIds: readonly string[];
  /** `MAX_SUBSCRIPTIONS_PER_OWNER`: most subscriptions one agent user holds. Default 1 000
   *  (1-100 000). */
  readonly maxSubscriptionsPerOwner: number;
  /** `SUBSCRIBERS_QUERY_TIMEOUT_MS`: PostgreSQL statement timeout of the subscribers query;
   *  past it the caller gets 503. Default 2 000 (100-60 000). */
  readonly subscribersQueryTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;


/** Reads and validates the service's environment; throws one ConfigError listing every problem. */
export function loadSubscriptionConfig(env: Env): SubscriptionConfig {
  const reader = new EnvReader(env);
  const base = readBaseConfig(reader, { defaultPort: 8001, database: true });

  const config: SubscriptionConfig = {
    ...base,
    routerAgentUserIds: uuidList(reader, 'ROUTER_AGENT_USER_IDS'),
    maxSubscriptionsPerOwner: reader.integer('MAX_SUBSCRIPTIONS_PER_OWNER', 1_000, 1, 100_000),
    subscribersQueryTimeoutMs: reader.integer('SUBSCRIBERS_QUERY_TIMEOUT_MS', 2_000, 100, 60_000),
  };

  reader.finish();
  return config;
}

function uuidList(reader: EnvReader, name: string): string[] {
  const raw = reader.optional(name);
  if (raw === undefined) return [];

  const ids = raw.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length > 0) reader.problems.push(`${name} must list UUIDs, got ${bad.join(', ')}`);
  return ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
}
