import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../../../../kit/errors.ts';

/** The authenticated agent user id (the guard sets it on `/a2a/*`; this makes that explicit). */
export function callerId(request: FastifyRequest): string {
  const id = request.caller?.agentUserId;
  if (!id) throw unauthorized('Invalid or missing A2A authentication');
  return id;
}
