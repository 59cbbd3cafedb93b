import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import { unpublishPayload, unpublishReply } from '../../../schemas/catalog.ts';
import { writerId } from '../caller.ts';

export function unpublishRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<{ agent_key: string; version?: string }, unknown>(app, {
    path: '/a2a/catalog/unpublish',
    action: 'catalog.unpublish',
    summary: 'Remove one version, or every version when none is given (owner only)',
    responder: ctx.responder,
    payload: unpublishPayload,
    reply: unpublishReply,
    handler: async ({ payload, request }) => ({
      agent_key: payload.agent_key,
      removed: await ctx.catalog.unpublish(
        writerId(request, ctx),
        payload.agent_key,
        payload.version,
      ),
    }),
  });
}
