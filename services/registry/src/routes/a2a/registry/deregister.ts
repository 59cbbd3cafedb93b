import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import { deregisterReply } from '../../../schemas/agent.ts';
import { agentKeyPayload } from '../../../schemas/common.ts';
import { writerId } from '../caller.ts';

export function deregisterRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<{ agent_key: string }, unknown>(app, {
    path: '/a2a/registry/deregister',
    action: 'registry.deregister',
    summary: "Remove the caller's agent",
    responder: ctx.responder,
    payload: agentKeyPayload,
    reply: deregisterReply,
    handler: async ({ payload, request }) => {
      const agent = await ctx.agents.deregister(writerId(request, ctx), payload.agent_key);
      ctx.heartbeats.forget(agent.id);
      ctx.ownership.invalidate(payload.agent_key);
      request.log.info({ agent_key: payload.agent_key }, 'agent deregistered');
      return { agent_key: payload.agent_key, deregistered: true };
    },
  });
}
