import type { FastifyInstance } from 'fastify';

import { a2aRoute } from '../../../kit/envelope.ts';
import { badRequest, notFound } from '../../../kit/errors.ts';
import {
  unsubscribePayloadSchema,
  unsubscribeReplySchema,
  type UnsubscribePayload,
} from '../schemas/subscription.ts';
import { callerOf, refuseRouter, SERVICE_AGENT_KEY } from './caller.ts';

/**
 * `POST /a2a/subscriptions/unsubscribe` by `id`, or by `event_type` (+ `job_id`, absent or
 * null meaning the wildcard) for the caller's sender agent key. 404 when the caller has no such
 * subscription, including when it belongs to someone else (which is not revealed). 403 for
 * the router identities (`routerIds`).
 */
export function unsubscribeRoute(
  app: FastifyInstance,
  routerIds: ReadonlySet<string> = new Set(),
): void {
  a2aRoute<UnsubscribePayload, unknown>(app, {
    path: '/a2a/subscriptions/unsubscribe',
    action: 'subscriptions.unsubscribe',
    summary: 'Remove one of the caller\'s subscriptions',
    payload: unsubscribePayloadSchema,
    reply: unsubscribeReplySchema,
    responder: SERVICE_AGENT_KEY,
    handler: async ({ payload, envelope, request }) => {
      const byId = payload.id !== undefined;
      const byEvent = payload.event_type !== undefined;
      if (byId === byEvent) {
        throw badRequest('payload must name either id, or event_type with an optional job_id');
      }
      if (byId && payload.job_id !== undefined) {
        throw badRequest('payload.job_id goes with event_type, not with id');
      }

      const caller = callerOf(request);
      refuseRouter(caller, routerIds);
      const owner = caller.agentUserId;
      const removed = byId
        ? await app.subscriptions.unsubscribeById(owner, payload.id!)
        : await app.subscriptions.unsubscribeByEvent(
            owner,
            envelope.sender_agent_key,
            payload.event_type!,
            payload.job_id ?? null,
          );
      if (!removed) throw notFound('no such subscription for the caller');

      request.log.info({ subscription_id: removed.id }, 'subscription removed');
      return { subscription: removed };
    },
  });
}
