import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import { parseManifest } from '../../../plugins/app/manifest.ts';
import { publishPayload, publishReply, type PublishPayload } from '../../../schemas/catalog.ts';
import { writerId } from '../caller.ts';

export function publishRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<PublishPayload, unknown>(app, {
    path: '/a2a/catalog/publish',
    action: 'catalog.publish',
    summary: 'Publish a manifest version (JSON object, or JSON/YAML text)',
    responder: ctx.responder,
    status: 201,
    payload: publishPayload,
    reply: publishReply,
    handler: async ({ payload, request }) => {
      const owner = writerId(request, ctx);
      const { manifest, format } = parseManifest(payload);
      const entry = await ctx.catalog.publish(owner, {
        agentKey: payload.agent_key,
        version: payload.version,
        manifest,
        format,
      });
      return { agent_key: payload.agent_key, ...entry };
    },
  });
}
