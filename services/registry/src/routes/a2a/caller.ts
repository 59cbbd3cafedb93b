import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../../../../kit/errors.ts';

/** The authenticated agent user id; the guard guarantees it on `/a2a/*`, this makes it explicit. */
export function callerId(request: FastifyRequest): string {
  const id = request.caller?.agentUserId;
  if (!id) throw unauthorized('Invalid or missing A2A authentication');
  return id;
}
