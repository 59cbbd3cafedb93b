import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import { registerPayload, registerReply, type RegisterPayload } from '../../../schemas/agent.ts';
import { writerId } from '../caller.ts';

export function registerRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<RegisterPayload, unknown>(app, {
    path: '/a2a/registry/register',
    action: 'registry.register',
    summary: 'Create or update an agent owned by the caller',
    responder: ctx.responder,
    payload: registerPayload,
    reply: registerReply,
    handler: async ({ payload, request }) => {
      const result = await ctx.agents.register(writerId(request, ctx), payload);
      ctx.ownership.invalidate(payload.agent_key);
      request.log.info(
        { agent_key: payload.agent_key, created: result.created },
        'agent registered',
      );
      return result;
    },
  });
}
