import type { FastifyRequest } from 'fastify';
import { forbidden } from '../../../../kit/errors.ts';
import { requireCaller } from '../../../../kit/sentinel/guard.ts';
import type { RegistryContext } from '../../context.ts';

/** The authenticated agent user id (the guard sets it on `/a2a/*`; this makes that explicit). */
export function callerId(request: FastifyRequest): string {
  return requireCaller(request).agentUserId;
}

type Identities = Pick<RegistryContext, 'statsReporters' | 'routerIds'>;

/**
 * The caller of a write (register, heartbeat, deregister, publish, unpublish). The router's
 * identities are refused: it forwards its agent-facing token to every agent it calls, so an
 * agent could replay it; neither router identity may write agents or catalog entries.
 */
export function writerId(request: FastifyRequest, ctx: Identities) {
  const id = callerId(request);
  if (ctx.routerIds.has(id.toLowerCase())) {
    throw forbidden('the router identity (ROUTER_AGENT_USER_IDS) may only discover');
  }
  if (ctx.statsReporters.has(id.toLowerCase())) {
    throw forbidden('stats reporter identities (the router) may only report stats and discover');
  }
  return id;
}

/**
 * The caller of `registry.stats.report`: one of STATS_REPORTER_AGENT_USER_IDS, else 403. The
 * agent-facing router id is named in its refusal: a replayed forwarding token cannot rig ranks.
 */
export function reporterId(request: FastifyRequest, ctx: Identities) {
  const id = callerId(request);
  if (ctx.routerIds.has(id.toLowerCase())) {
    throw forbidden('the router identity (ROUTER_AGENT_USER_IDS) may not report stats');
  }
  if (!ctx.statsReporters.has(id.toLowerCase())) {
    throw forbidden('only the identities in STATS_REPORTER_AGENT_USER_IDS may report stats');
  }
  return id;
}
