import type { FastifyInstance, FastifyReply } from 'fastify';

import { a2aRequestSchema, envelopeSchema, type A2aRequest } from '../../../kit/envelope.ts';
import { badRequest } from '../../../kit/errors.ts';
import { requireCaller } from '../../../kit/sentinel/guard.ts';
import type { RouteOutcome, RouteService } from '../routing/route-service.ts';
import { routeErrorSchema, routePayloadSchema, routingSchema, type RoutePayload } from
  '../schemas/route.ts';
import { replyEnvelope } from './reply-envelope.ts';

const ACTION = 'router.route';

/** What the route needs from the app. */
export interface RouteRouteOptions {
  readonly routes: RouteService;
  readonly agentKey: string;
  /** Deadline when the caller gives none, and the cap on the one it gives. */
  readonly deadlineMs: number;
}

/**
 * `POST /a2a/route`: forwards the action to the best agent with the capabilities.
 * Answers with the agent's status and payload; 404 no agent; 502 every attempt failed;
 * 503 registry unreachable with nothing cached, or no own Sentinel token; 504 deadline passed.
 */
export function routeRoute(app: FastifyInstance, options: RouteRouteOptions): void {
  app.post('/a2a/route', {
    schema: {
      tags: ['a2a'],
      summary: 'Route an action to the best agent with the required capabilities',
      body: a2aRequestSchema(routePayloadSchema),
      response: {
        '2xx': {
          type: 'object',
          additionalProperties: false,
          properties: { envelope: envelopeSchema, payload: {}, routing: routingSchema },
        },
        '4xx': {
          description: 'The agent\'s 4xx as it gave it (with `routing`), or the router\'s own ' +
            '400/401/404 `{error}`',
          type: 'object',
          additionalProperties: true,
        },
        '5xx': { ...routeErrorSchema, description: '502 all attempts failed; 503; 504 deadline' },
      },
    },
    handler: async (request, reply) => {
      // The budget counts from the request's arrival, auth and body parsing included.
      const arrived = performance.now() - reply.elapsedTime;
      const body = request.body as A2aRequest<RoutePayload>;
      if (body.action !== ACTION) throw badRequest(`action must be ${ACTION}, got ${body.action}`);
      const caller = requireCaller(request);

      const { payload } = body;
      const budget = Math.min(payload.deadline_ms ?? options.deadlineMs, options.deadlineMs);
      const outcome = await options.routes.route({
        requirements: {
          capabilities: payload.capabilities,
          ...(payload.tags ? { tags: payload.tags } : {}),
        },
        action: payload.action,
        payload: payload.payload,
        deadlineAt: arrived + budget,
        sender: {
          agentKey: body.envelope.sender_agent_key,
          agentUserId: caller.agentUserId,
          messageId: body.envelope.message_id,
        },
        requestId: request.id,
      });

      request.log.info(routeLog(outcome), 'routed');
      return send(reply, outcome, options.agentKey, body.envelope.message_id);
    },
  });
}

function send(
  reply: FastifyReply,
  outcome: RouteOutcome,
  agentKey: string,
  inReplyTo: string,
): FastifyReply {
  switch (outcome.kind) {
    case 'reply': {
      const { status, body } = outcome.reply;
      const last = outcome.attempts.at(-1);
      // Only 200-204 and 4xx come back as a reply (see outcomeOfStatus); 204 has no body.
      if (status === 204) return reply.status(status).send();
      return reply.status(status).send({
        envelope: replyEnvelope(agentKey, inReplyTo),
        payload: agentPayload(body),
        routing: {
          agent_key: last?.agent_key ?? '',
          attempts: outcome.attempts,
          discovery: outcome.discovery,
        },
      });
    }
    case 'no_candidates':
      return reply.status(404).send(error('no_agent', 'no live agent has every required ' +
        'capability'));
    case 'deadline':
      return reply.status(504).send({
        ...error('deadline_exceeded', 'the deadline passed before an agent answered'),
        attempts: outcome.attempts,
      });
    case 'exhausted':
      return reply.status(502).send({
        ...error('all_attempts_failed', `all ${outcome.attempts.length} attempts failed`),
        attempts: outcome.attempts,
      });
    case 'discovery_failed':
      return reply.status(503).send({
        ...error('registry_unavailable', 'agent discovery failed and nothing is cached'),
        attempts: [],
      });
    case 'credentials_failed':
      return reply.status(503).send({
        ...error('sentinel_unavailable', 'the router could not get its own A2A token'),
        attempts: [],
      });
  }
}

// An A2A agent replies `{payload}`; anything else is passed on whole.
function agentPayload(body: unknown): unknown {
  if (body !== null && typeof body === 'object' && 'payload' in body) {
    return (body as { payload: unknown }).payload;
  }
  return body;
}

function error(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function routeLog(outcome: RouteOutcome): object {
  if (outcome.kind === 'discovery_failed' || outcome.kind === 'credentials_failed') {
    return { outcome: outcome.kind, reason: outcome.reason };
  }
  return {
    outcome: outcome.kind,
    discovery: outcome.discovery,
    attempts: outcome.attempts.map((a) => `${a.agent_key}:${a.outcome}`),
  };
}
