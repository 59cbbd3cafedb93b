import type { FastifyInstance } from 'fastify';

import { a2aReplySchema, a2aRequestSchema, type A2aRequest } from '../../../kit/envelope.ts';
import { badRequest, unavailable } from '../../../kit/errors.ts';
import { requireCaller } from '../../../kit/sentinel/guard.ts';
import type { PublishService } from '../fan-out/publish-service.ts';
import { publishPayloadSchema, publishReplySchema, type PublishPayload } from
  '../schemas/publish.ts';
import { replyEnvelope } from './reply-envelope.ts';

const ACTION = 'events.publish';

/**
 * `POST /a2a/events/publish`: delivers the event to every subscriber and answers with a
 * per-subscriber summary (200 even when some deliveries failed: the summary says which). A
 * repeated `envelope.message_id` within the dedupe window answers `duplicate: true` and
 * delivers nothing. 503 when the subscriber list or the router's own Sentinel token cannot be
 * had; nothing was delivered and the same id may be retried. 400 when the subscription service
 * refuses the event payload (too big, deep or wide to match against filters).
 */
export function publishRoute(
  app: FastifyInstance,
  options: { readonly publisher: PublishService; readonly agentKey: string },
): void {
  app.post('/a2a/events/publish', {
    schema: {
      tags: ['a2a'],
      summary: 'Publish an event to its subscribers',
      body: a2aRequestSchema(publishPayloadSchema),
      response: { 200: a2aReplySchema(publishReplySchema) },
    },
    handler: async (request, reply) => {
      const body = request.body as A2aRequest<PublishPayload>;
      if (body.action !== ACTION) throw badRequest(`action must be ${ACTION}, got ${body.action}`);
      const caller = requireCaller(request);

      const eventId = body.envelope.message_id;
      const outcome = await options.publisher.publish({
        eventType: body.payload.event_type,
        jobId: body.payload.job_id ?? null,
        payload: body.payload.payload,
        sender: {
          agentKey: body.envelope.sender_agent_key,
          agentUserId: caller.agentUserId,
          messageId: eventId,
        },
        requestId: request.id,
      });

      if (outcome.kind === 'rejected') {
        request.log.info({ event_id: eventId, reason: outcome.reason }, 'publish refused');
        throw badRequest(`event refused: ${outcome.reason}`);
      }
      if (outcome.kind === 'unavailable') {
        request.log.warn({ event_id: eventId, reason: outcome.reason }, 'publish failed');
        throw unavailable('subscribers or the router\'s own credentials are unavailable; ' +
          'retry with the same message_id');
      }

      const deliveries = outcome.kind === 'published' ? outcome.deliveries : [];
      const delivered = deliveries.filter((d) => d.outcome === 'delivered').length;
      const summary = {
        event_id: eventId,
        duplicate: outcome.kind === 'duplicate',
        subscribers: deliveries.length,
        delivered,
        failed: deliveries.length - delivered,
        deliveries,
      };
      request.log.info(
        { event_id: eventId, duplicate: summary.duplicate, subscribers: summary.subscribers,
          delivered, failed: summary.failed },
        'event published',
      );
      return reply.status(200).send({
        envelope: replyEnvelope(options.agentKey, eventId),
        payload: summary,
      });
    },
  });
}
