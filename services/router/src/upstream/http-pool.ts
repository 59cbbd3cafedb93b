import { Agent } from 'undici';

/** Options of {@link createHttpPool}. */
export interface HttpPoolOptions {
  /** Most open connections per origin (agent or service); more requests queue. Default 64. */
  readonly connectionsPerOrigin?: number;
  /** How long an idle keep-alive connection stays open, in ms. Default 10 000. */
  readonly keepAliveTimeoutMs?: number;
  /** Longest wait for a TCP connection, in ms. Default 2 000. */
  readonly connectTimeoutMs?: number;
}

/**
 * One keep-alive connection pool per origin, shared by every request the router makes. Request
 * timeouts are set per call (they depend on the deadline); these limits bound the sockets.
 */
export function createHttpPool(options: HttpPoolOptions = {}): Agent {
  return new Agent({
    connections: options.connectionsPerOrigin ?? 64,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    keepAliveMaxTimeout: Math.max(options.keepAliveTimeoutMs ?? 10_000, 10_000),
    connect: { timeout: options.connectTimeoutMs ?? 2_000 },
  });
}
