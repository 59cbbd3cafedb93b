import type { FastifyInstance } from 'fastify';

import { a2aRoute } from '../../../kit/envelope.ts';
import {
  listPayloadSchema,
  listReplySchema,
  type ListPayload,
} from '../schemas/subscription.ts';
import { callerOf, SERVICE_AGENT_KEY } from './caller.ts';

/** `POST /a2a/subscriptions/list`: the caller's own subscriptions, a page at a time. */
export function listRoute(app: FastifyInstance): void {
  a2aRoute<ListPayload, unknown>(app, {
    path: '/a2a/subscriptions/list',
    action: 'subscriptions.list',
    summary: 'The caller\'s subscriptions, in id order, paged',
    payload: listPayloadSchema,
    reply: listReplySchema,
    responder: SERVICE_AGENT_KEY,
    handler: async ({ payload, request }) => {
      const owner = callerOf(request).agentUserId;
      const subscriptions = await app.subscriptions.listByOwner(
        owner,
        payload.limit,
        payload.after ?? null,
      );
      const full = subscriptions.length === payload.limit;
      return { subscriptions, next_after: full ? subscriptions.at(-1)!.id : null };
    },
  });
}
