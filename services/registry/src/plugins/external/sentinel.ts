import type { FastifyInstance } from 'fastify';
import type { SentinelConfig } from '../../../../kit/config.ts';
import { installSentinelGuard } from '../../../../kit/sentinel/guard.ts';
import { SentinelTokenClient } from '../../../../kit/sentinel/token-client.ts';

/** Guards every `/a2a/*` route with Sentinel introspection using the registry's own client. */
export function installSentinel(
  app: FastifyInstance,
  sentinel: SentinelConfig | undefined,
  cacheMaxSeconds: number,
): void {
  installSentinelGuard(app, {
    tokens: sentinel && new SentinelTokenClient(sentinel),
    baseUrl: sentinel?.baseUrl,
    cacheMaxSeconds,
  });
}
