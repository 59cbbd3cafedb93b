import type { FastifyInstance } from 'fastify';

import type { UpstreamHealth } from '../upstream/upstream-health.ts';

const state = {
  type: 'object',
  additionalProperties: false,
  required: ['up', 'last_ok_at', 'last_error_at', 'last_error'],
  properties: {
    up: { type: ['boolean', 'null'], description: 'null: no call or probe yet' },
    last_ok_at: { type: ['string', 'null'] },
    last_error_at: { type: ['string', 'null'] },
    last_error: { type: ['string', 'null'] },
  },
} as const;

/**
 * `GET /health/upstreams`: whether the registry and the subscription service answered the last
 * call or probe. Always 200 (it reports; it is not a probe target), unauthenticated like
 * /health, and reveals no more than /metrics does.
 */
export function upstreamHealthRoute(app: FastifyInstance, health: UpstreamHealth): void {
  app.get('/health/upstreams', {
    schema: {
      tags: ['health'],
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['upstreams'],
          properties: {
            upstreams: {
              type: 'object',
              additionalProperties: false,
              properties: { registry: state, subscription: state },
            },
          },
        },
      },
    },
    handler: async () => ({ upstreams: health.snapshot() }),
  });
}
