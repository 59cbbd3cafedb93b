import { randomUUID } from 'node:crypto';

import type { FastifyInstance } from 'fastify';

import { a2aReplySchema, a2aRequestSchema, type A2aRequest } from '../../../kit/envelope.ts';
import { badRequest, conflict, forbidden, unavailable } from '../../../kit/errors.ts';
import { FILTER_BOUNDS, jsonBoundsViolation } from '../json-bounds.ts';
import {
  DatabaseBusyError,
  NotOwnerError,
  TooManySubscriptionsError,
} from '../repositories/subscriptions-repository.ts';
import {
  subscribePayloadSchema,
  subscribeReplySchema,
  type SubscribePayload,
} from '../schemas/subscription.ts';
import { callerOf, refuseRouter, SERVICE_AGENT_KEY } from './caller.ts';

const ACTION = 'subscriptions.subscribe';

/**
 * `POST /a2a/subscriptions/subscribe`: upsert; 201 when created, 200 when it existed (its
 * filters are replaced). The subscriber is the caller's `envelope.sender_agent_key`, owned by
 * the authenticated agent user id; a key another agent user owns gets 403, and so do the router
 * identities (`routerIds`). 400 when the filters are too big, deep or wide (FILTER_BOUNDS); 409
 * past the per-owner cap; 503 when the database cannot take the write in time (pool exhausted).
 *
 * TODO(squatting): the first agent user to subscribe with an agent key owns it, whether or not
 * it owns that agent in the registry. Checking registry ownership needs a registry call per
 * subscribe (or a shared ownership table); until then an operator frees a squatted key in SQL.
 */
export function subscribeRoute(
  app: FastifyInstance,
  routerIds: ReadonlySet<string> = new Set(),
): void {
  app.post('/a2a/subscriptions/subscribe', {
    schema: {
      tags: ['a2a'],
      summary: 'Subscribe the calling agent to an event type (upsert)',
      body: a2aRequestSchema(subscribePayloadSchema),
      response: {
        200: a2aReplySchema(subscribeReplySchema),
        201: a2aReplySchema(subscribeReplySchema),
        403: { $ref: 'ErrorBody#' },
        409: { $ref: 'ErrorBody#' },
        503: { $ref: 'ErrorBody#' },
      },
    },
    handler: async (request, reply) => {
      const body = request.body as A2aRequest<SubscribePayload>;
      if (body.action !== ACTION) {
        throw badRequest(`action must be ${ACTION}, got ${body.action}`);
      }

      const caller = callerOf(request);
      refuseRouter(caller, routerIds);
      const filters = body.payload.filters ?? null;
      const violation = jsonBoundsViolation(filters, FILTER_BOUNDS);
      if (violation) throw badRequest(`payload.filters ${violation}`);

      let result;
      try {
        result = await app.subscriptions.subscribe({
          subscriberAgentKey: body.envelope.sender_agent_key,
          ownerAgentUserId: caller.agentUserId,
          eventType: body.payload.event_type,
          jobId: body.payload.job_id ?? null,
          filters,
        });
      } catch (error) {
        if (error instanceof NotOwnerError) throw forbidden(error.message);
        if (error instanceof TooManySubscriptionsError) throw conflict(error.message);
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
