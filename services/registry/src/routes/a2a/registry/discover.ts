import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import {
  discoverPayload,
  discoverReply,
  type DiscoverPayload,
} from '../../../schemas/discover.ts';

export function discoverRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<DiscoverPayload, unknown>(app, {
    path: '/a2a/registry/discover',
    action: 'registry.discover',
    summary: 'Live agents matching every requirement, best score first',
    responder: ctx.responder,
    payload: discoverPayload,
    reply: discoverReply,
    handler: async ({ payload }) => ({
      agents: await ctx.discovery.discover(payload.requirements, ctx.heartbeats.pending(), {
        now: ctx.now(),
        ttlMs: ctx.heartbeatTtlMs,
      }),
    }),
  });
}
