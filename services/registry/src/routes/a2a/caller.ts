import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../../../kit/errors.ts';
import type { RegistryContext } from '../../context.ts';

/** The authenticated agent user id (the guard sets it on `/a2a/*`; this makes that explicit). */
export function callerId(request: FastifyRequest): string {
  const id = request.caller?.agentUserId;
  if (!id) throw unauthorized('Invalid or missing A2A authentication');
  return id;
}

/**
 * The caller of a write (register, heartbeat, deregister, publish, unpublish). Stats reporter
 * identities are refused: the router forwards its own token to every agent it calls, so an
 * agent could replay it; those credentials must buy nothing beyond stats and discovery.
 */
export function writerId(request: FastifyRequest, ctx: Pick<RegistryContext, 'statsReporters'>) {
  const id = callerId(request);
  if (ctx.statsReporters.has(id.toLowerCase())) {
    throw forbidden('stats reporter identities (the router) may only report stats and discover');
  }
  return id;
}

/** The caller of `registry.stats.report`: one of STATS_REPORTER_AGENT_USER_IDS, else 403. */
export function reporterId(request: FastifyRequest, ctx: Pick<RegistryContext, 'statsReporters'>) {
  const id = callerId(request);
  if (!ctx.statsReporters.has(id.toLowerCase())) {
    throw forbidden('only the identities in STATS_REPORTER_AGENT_USER_IDS may report stats');
  }
  return id;
}
