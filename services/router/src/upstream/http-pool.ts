import { Agent } from 'undici';

import { guardedConnector, type EndpointPolicy } from './guarded-connector.ts';

/** Options of {@link createHttpPool}. */
export interface HttpPoolOptions {
  /** Most open connections per origin (agent or service); more requests queue. Default 64. */
  readonly connectionsPerOrigin?: number;
  /** How long an idle keep-alive connection stays open, in ms. Default 10 000. */
  readonly keepAliveTimeoutMs?: number;
  /** Longest wait for a TCP connection, in ms. Default 2 000. */
  readonly connectTimeoutMs?: number;
  /** `public`: connect only to public unicast addresses (agent endpoints in production);
   *  `any`: no check (platform services, development). Default `any`. */
  readonly policy?: EndpointPolicy;
  /** Host name resolver for the `public` check. Default `dns.lookup` (all addresses). */
  readonly resolve?: (host: string) => Promise<string[]>;
}

/**
 * One keep-alive connection pool per origin, shared by every request the router makes. Request
 * timeouts are set per call (they depend on the deadline); these limits bound the sockets.
 */
export function createHttpPool(options: HttpPoolOptions = {}): Agent {
  const timeout = options.connectTimeoutMs ?? 2_000;
  return new Agent({
    connections: options.connectionsPerOrigin ?? 64,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    keepAliveMaxTimeout: Math.max(options.keepAliveTimeoutMs ?? 10_000, 10_000),
    // The policy is checked on the resolved address at connect time, not on the registered URL:
    // a public name may resolve to a private address.
    connect: options.policy === 'public'
      ? guardedConnector({
        timeoutMs: timeout,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      })
      : { timeout },
  });
}
