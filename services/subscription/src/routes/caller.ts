import type { FastifyRequest } from 'fastify';

import { unauthorized } from '../../../kit/errors.ts';
import type { Caller } from '../../../kit/sentinel/guard.ts';

/** The agent key the service signs its replies with. */
export const SERVICE_AGENT_KEY = 'subscription-service';

/** The caller the Sentinel guard authenticated; 401 should the guard not have run. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthorized('Invalid or missing A2A authentication');
  return request.caller;
}
