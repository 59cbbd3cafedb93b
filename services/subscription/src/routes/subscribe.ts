import { randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';

import { a2aReplySchema, a2aRequestSchema, type A2aRequest } from '../../../kit/envelope.ts';
import { badRequest, forbidden, unavailable } from '../../../kit/errors.ts';
import { DatabaseBusyError, NotOwnerError } from '../repositories/subscriptions-repository.ts';
import {
  subscribePayloadSchema,
  subscribeReplySchema,
  type SubscribePayload,
} from '../schemas/subscription.ts';
import { callerOf, SERVICE_AGENT_KEY } from './caller.ts';

const ACTION = 'subscriptions.subscribe';

/**
 * `POST /a2a/subscriptions/subscribe`: upsert; 201 when created, 200 when it existed (its
 * filters are replaced). The subscriber is the caller's `envelope.sender_agent_key`, owned by
 * the authenticated agent user id; a key another agent user owns gets 403. 503 when the
 * database cannot take the write in time (pool exhausted).
 */
export function subscribeRoute(app: FastifyInstance): void {
  app.post('/a2a/subscriptions/subscribe', {
    schema: {
      tags: ['a2a'],
      summary: 'Subscribe the calling agent to an event type (upsert)',
      body: a2aRequestSchema(subscribePayloadSchema),
      response: {
        200: a2aReplySchema(subscribeReplySchema),
        201: a2aReplySchema(subscribeReplySchema),
        403: { $ref: 'ErrorBody#' },
        503: { $ref: 'ErrorBody#' },
      },
    },
    handler: async (request, reply) => {
      const body = request.body as A2aRequest<SubscribePayload>;
      if (body.action !== ACTION) {
        throw badRequest(`action must be ${ACTION}, got ${body.action}`);
      }

      const caller = callerOf(request);
      let result;
      try {
        result = await app.subscriptions.subscribe({
          subscriberAgentKey: body.envelope.sender_agent_key,
          ownerAgentUserId: caller.agentUserId,
          eventType: body.payload.event_type,
          jobId: body.payload.job_id ?? null,
          filters: body.payload.filters ?? null,
        });
      } catch (error) {
        if (error instanceof NotOwnerError) throw forbidden(error.message);
        if (error instanceof DatabaseBusyError) throw unavailable(error.message);
        throw error;
      }

      request.log.info(
        { subscription_id: result.view.id, created: result.created },
        'subscription saved',
      );
      return reply.status(result.created ? 201 : 200).send({
        envelope: {
          message_id: randomUUID(),
          sender_agent_key: SERVICE_AGENT_KEY,
          timestamp: new Date().toISOString(),
          in_reply_to: body.envelope.message_id,
        },
        payload: { created: result.created, subscription: result.view },
      });
    },
  });
}
