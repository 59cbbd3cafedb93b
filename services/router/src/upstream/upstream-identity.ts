import { CLIENT_ID, UUID, type EnvReader, type SentinelConfig } from '../../../kit/config.ts';

const NAMES = [
  'TRAYLINX_UPSTREAM_CLIENT_ID',
  'TRAYLINX_UPSTREAM_CLIENT_SECRET',
  'TRAYLINX_UPSTREAM_AGENT_USER_ID',
] as const;

/** The router's second Sentinel identity, used only toward the registry and subscriptions. */
export interface UpstreamIdentity {
  /** Credentials for registry and subscription calls; undefined: none (no Sentinel at all). */
  readonly sentinel: SentinelConfig | undefined;
  /** True when the agent-facing identity stands in for it (development and test only). */
  readonly shared: boolean;
}

/**
 * Reads `TRAYLINX_UPSTREAM_*`. The agent-facing token goes to every agent the router calls,
 * so an agent could replay it; the registry trusts only this second identity for stats, and
 * both identities are refused for writes in the registry and the subscription service.
 * Required in production; outside production, when all three are unset, the agent-facing
 * identity is reused (`shared`).
 */
export function readUpstreamIdentity(
  reader: EnvReader,
  agentFacing: SentinelConfig | undefined,
  production: boolean,
): UpstreamIdentity {
  const anySet = NAMES.some((name) => reader.optional(name) !== undefined);
  if (!production && !anySet) return { sentinel: agentFacing, shared: true };

  const why = production
    ? 'in production (the router\'s identity toward the registry and subscriptions)'
    : 'when any TRAYLINX_UPSTREAM_* variable is set';
  const clientId = reader.required('TRAYLINX_UPSTREAM_CLIENT_ID', why);
  if (clientId !== undefined && !CLIENT_ID.test(clientId)) {
    reader.problems.push(
      'TRAYLINX_UPSTREAM_CLIENT_ID must be 3-100 characters of A-Z a-z 0-9 _ -',
    );
  }
  const clientSecret = reader.required('TRAYLINX_UPSTREAM_CLIENT_SECRET', why);
  if (clientSecret !== undefined && (clientSecret.length < 10 || clientSecret.length > 500)) {
    reader.problems.push('TRAYLINX_UPSTREAM_CLIENT_SECRET must be 10-500 characters long');
  }
  const agentUserId = reader.required('TRAYLINX_UPSTREAM_AGENT_USER_ID', why);
  if (agentUserId !== undefined && !UUID.test(agentUserId)) {
    reader.problems.push(`TRAYLINX_UPSTREAM_AGENT_USER_ID must be a UUID, got ${agentUserId}`);
  }

  if (agentFacing && clientId !== undefined && clientId === agentFacing.clientId) {
    reader.problems.push('TRAYLINX_UPSTREAM_CLIENT_ID must differ from TRAYLINX_CLIENT_ID');
  }
  if (
    agentFacing &&
    agentUserId !== undefined &&
    agentUserId.toLowerCase() === agentFacing.agentUserId.toLowerCase()
  ) {
    reader.problems.push(
      'TRAYLINX_UPSTREAM_AGENT_USER_ID must differ from TRAYLINX_AGENT_USER_ID',
    );
  }

  if (!agentFacing) {
    // The upstream identity shares Sentinel's base URL with the agent-facing one.
    reader.problems.push('TRAYLINX_UPSTREAM_* needs the TRAYLINX_* settings (Sentinel base URL)');
  }
  if (!agentFacing || !clientId || !clientSecret || !agentUserId) {
    return { sentinel: undefined, shared: false };
  }
  return {
    sentinel: { baseUrl: agentFacing.baseUrl, clientId, clientSecret, agentUserId },
    shared: false,
  };
}
