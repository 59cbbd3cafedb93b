import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import { versionsReply } from '../../../schemas/catalog.ts';
import { agentKeyPayload } from '../../../schemas/common.ts';

export function versionsRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<{ agent_key: string }, unknown>(app, {
    path: '/a2a/catalog/versions',
    action: 'catalog.versions',
    summary: 'Published versions of an agent key, newest first',
    responder: ctx.responder,
    payload: agentKeyPayload,
    reply: versionsReply,
    handler: async ({ payload }) => ({
      agent_key: payload.agent_key,
      versions: await ctx.catalog.versions(payload.agent_key),
    }),
  });
}
