import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import { forbidden, notFound } from '../../../../../kit/errors.ts';
import type { RegistryContext } from '../../../context.ts';
import { agentKeyPayload } from '../../../schemas/common.ts';
import { writerId } from '../caller.ts';

export function heartbeatRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<{ agent_key: string }, void>(app, {
    path: '/a2a/registry/heartbeat',
    action: 'registry.heartbeat',
    summary: 'Report the agent alive (buffered; 204)',
    responder: ctx.responder,
    status: 204,
    payload: agentKeyPayload,
    handler: async ({ payload, request }) => {
      const owner = writerId(request, ctx);
      const agent = await ctx.ownership.get(payload.agent_key);
      if (!agent) throw notFound(`agent ${payload.agent_key} is not registered`);
      if (agent.ownerAgentUserId !== owner) {
        throw forbidden(`agent ${payload.agent_key} is owned by another agent user`);
      }
      ctx.heartbeats.record(agent.id);
    },
  });
}
