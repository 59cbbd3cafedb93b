import type { FastifyRequest } from 'fastify';

import { forbidden, unauthorized } from '../../../kit/errors.ts';
import type { Caller } from '../../../kit/sentinel/guard.ts';

/** The agent key the service signs its replies with. */
export const SERVICE_AGENT_KEY = 'subscription-service';

/** The caller the Sentinel guard authenticated; 401 should the guard not have run. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthorized('Invalid or missing A2A authentication');
  return request.caller;
}

/**
 * 403 when the caller is the router. The router sends its own token to every agent it calls,
 * so a token replayed by an agent must not change anyone's subscriptions.
 */
export function refuseRouter(caller: Caller, routerIds: ReadonlySet<string>): void {
  if (routerIds.has(caller.agentUserId.toLowerCase())) {
    throw forbidden('the router identity may not change subscriptions');
  }
}
