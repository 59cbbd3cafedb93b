import type { FastifyInstance } from 'fastify';

import { forbidden } from '../../../../kit/errors.ts';

/**
 * Refuses (403) `/a2a/*` calls authenticated as one of the router's own agent user ids. The
 * router hands its agent-facing token to every agent it calls; without this an agent could
 * replay it to publish or route as the router. Runs after the Sentinel guard set the caller.
 */
export function installOwnIdentityGuard(app: FastifyInstance, ownIds: readonly string[]): void {
  const own = new Set(ownIds.map((id) => id.toLowerCase()));
  if (own.size === 0) return;

  app.addHook('preHandler', async (request) => {
    const caller = request.caller;
    if (caller && own.has(caller.agentUserId.toLowerCase())) {
      throw forbidden('calls authenticated as the router itself are refused');
    }
  });
}
