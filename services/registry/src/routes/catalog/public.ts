import type { FastifyInstance } from 'fastify';
import type { RegistryContext } from '../../context.ts';
import {
  agentKeyParams,
  agentManifestReply,
  searchQuery,
  searchReply,
} from '../../schemas/catalog.ts';

const errors = { 400: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } };

/** Public, unauthenticated catalog reads. */
export function publicCatalogRoutes(app: FastifyInstance, ctx: RegistryContext): void {
  app.get(
    '/catalog/search',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Full-text search over published manifests',
        querystring: searchQuery,
        response: { 200: searchReply, ...errors },
      },
    },
    async (request) => {
      const query = request.query as { q: string; limit?: string; offset?: string };
      const limit = Number(query.limit ?? 20);
      const offset = Number(query.offset ?? 0);
      return { ...(await ctx.catalog.search(query.q, limit, offset)), limit, offset };
    },
  );

  app.get(
    '/catalog/agents/:agent_key',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Newest manifest and every version of one agent key',
        params: agentKeyParams,
        response: { 200: agentManifestReply, ...errors },
      },
    },
    async (request) => {
      const { agent_key } = request.params as { agent_key: string };
      const latest = await ctx.catalog.latest(agent_key);
      return { agent_key, latest, versions: await ctx.catalog.versions(agent_key) };
    },
  );
}
