import type { FastifyInstance } from 'fastify';

import { a2aRoute } from '../../../kit/envelope.ts';
import { badRequest, unavailable } from '../../../kit/errors.ts';
import { EVENT_PAYLOAD_BOUNDS, jsonBoundsViolation } from '../json-bounds.ts';
import { QueryTimeoutError } from '../repositories/subscriptions-repository.ts';
import {
  subscribersPayloadSchema,
  subscribersReplySchema,
  type SubscribersPayload,
} from '../schemas/subscription.ts';
import { SERVICE_AGENT_KEY } from './caller.ts';

/**
 * `POST /a2a/subscriptions/subscribers`: distinct agent keys an event reaches. Any
 * authenticated caller may ask (in this design: the router); it reveals agent keys only.
 * 400 when the payload is too big, deep or wide (EVENT_PAYLOAD_BOUNDS); 503 when matching
 * runs past the statement timeout.
 */
export function subscribersRoute(app: FastifyInstance): void {
  a2aRoute<SubscribersPayload, unknown>(app, {
    path: '/a2a/subscriptions/subscribers',
    action: 'subscriptions.subscribers',
    summary: 'Agent keys subscribed to an event (type, job scope, payload filters)',
    payload: subscribersPayloadSchema,
    reply: subscribersReplySchema,
    responder: SERVICE_AGENT_KEY,
    handler: async ({ payload }) => {
      const violation = jsonBoundsViolation(payload.payload, EVENT_PAYLOAD_BOUNDS);
      if (violation) throw badRequest(`payload.payload ${violation}`);

      try {
        const agentKeys = await app.subscriptions.subscribers(
          payload.event_type,
          payload.job_id ?? null,
          payload.payload,
          payload.limit,
        );
        return { agent_keys: agentKeys };
      } catch (error) {
        if (error instanceof QueryTimeoutError) throw unavailable(error.message);
        throw error;
      }
    },
  });
}
