import type { FastifyInstance } from 'fastify';

import { a2aRoute } from '../../../kit/envelope.ts';
import {
  subscribersPayloadSchema,
  subscribersReplySchema,
  type SubscribersPayload,
} from '../schemas/subscription.ts';
import { SERVICE_AGENT_KEY } from './caller.ts';

/**
 * `POST /a2a/subscriptions/subscribers`: distinct agent keys an event reaches. Any
 * authenticated caller may ask (in this design: the router); it reveals agent keys only.
 */
export function subscribersRoute(app: FastifyInstance): void {
  a2aRoute<SubscribersPayload, unknown>(app, {
    path: '/a2a/subscriptions/subscribers',
    action: 'subscriptions.subscribers',
    summary: 'Agent keys subscribed to an event (type, job scope, payload filters)',
    payload: subscribersPayloadSchema,
    reply: subscribersReplySchema,
    responder: SERVICE_AGENT_KEY,
    handler: async ({ payload }) => ({
      agent_keys: await app.subscriptions.subscribers(
        payload.event_type,
        payload.job_id ?? null,
        payload.payload,
        payload.limit,
      ),
    }),
  });
}
