import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from './errors.ts';

/** The envelope every A2A message carries. */
export interface Envelope {
  readonly message_id: string;
  readonly sender_agent_key: string;
  readonly timestamp: string;
  /** On replies: the message_id of the request. */
  readonly in_reply_to?: string;
}

/** Body of every `/a2a/*` request. */
export interface A2aRequest<P> {
  readonly envelope: Envelope;
  readonly action: string;
  readonly payload: P;
}

/**
 * Every agent key (registry `agent_key`, envelope `sender_agent_key`, subscriber keys):
 * letters, digits, `.`, `_`, `-`; starts with a letter or digit; 1-200 characters.
 */
export const AGENT_KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$';

/** JSON schema of the envelope object; unknown fields are rejected. */
export const envelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['message_id', 'sender_agent_key', 'timestamp'],
  properties: {
    message_id: { type: 'string', format: 'uuid' },
    sender_agent_key: { type: 'string', pattern: AGENT_KEY_PATTERN },
    timestamp: { type: 'string', format: 'date-time' },
    in_reply_to: { type: 'string', format: 'uuid' },
  },
} as const;

/** The request body schema for an action whose payload follows `payload`. */
export function a2aRequestSchema(payload: object): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['envelope', 'action', 'payload'],
    properties: {
      envelope: envelopeSchema,
      action: { type: 'string', minLength: 1, maxLength: 100 },
      payload,
    },
  };
}

/** The reply body schema: `{payload, envelope}`. */
export function a2aReplySchema(payload: object): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['payload'],
    properties: { envelope: envelopeSchema, payload },
  };
}

/** What an A2A handler receives. */
export interface A2aContext<P> {
  readonly payload: P;
  readonly envelope: Envelope;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** Options of {@link a2aRoute}. */
export interface A2aRouteOptions<P, R> {
  /** URL path, e.g. `/a2a/registry/register`. */
  readonly path: string;
  /** The verb the body's `action` must equal, e.g. `registry.register`. */
  readonly action: string;
  /** JSON schema of `payload` (use `additionalProperties: false`). */
  readonly payload: object;
  /** JSON schema of the reply payload; omit for 204 routes. */
  readonly reply?: object;
  /** Status of a successful reply; default 200 (204 sends no body). */
  readonly status?: 200 | 201 | 202 | 204;
  /** Agent key the service signs its replies with (`envelope.sender_agent_key`). */
  readonly responder: string;
  /** OpenAPI summary; default none. */
  readonly summary?: string;
  /** Returns the reply payload (ignored for 204). */
  readonly handler: (context: A2aContext<P>) => Promise<R>;
}

const errorResponses = {
  400: { $ref: 'ErrorBody#' },
  401: { $ref: 'ErrorBody#' },
  403: { $ref: 'ErrorBody#' },
  404: { $ref: 'ErrorBody#' },
  413: { $ref: 'ErrorBody#' },
  415: { $ref: 'ErrorBody#' },
};

/**
 * Registers `POST path` with the envelope schema, the action check and the reply envelope.
 * Auth is not done here: the Sentinel guard covers every `/a2a/*` route as an onRequest hook.
 * `envelope.sender_agent_key` is self-declared: decide ownership by `request.caller`, never by
 * the envelope.
 */
export function a2aRoute<P, R>(app: FastifyInstance, options: A2aRouteOptions<P, R>): void {
  const status = options.status ?? 200;
  const success =
    status === 204
      ? { 204: { type: 'null', description: 'No content' } }
      : { [status]: a2aReplySchema(options.reply ?? {}) };

  app.post(options.path, {
    schema: {
      tags: ['a2a'],
      ...(options.summary ? { summary: options.summary } : {}),
      security: [{ agentSecretToken: [], agentUserId: [] }],
      body: a2aRequestSchema(options.payload),
      response: { ...success, ...errorResponses },
    },
    handler: async (request, reply) => {
      const body = request.body as A2aRequest<P>;
      if (body.action !== options.action) {
        throw badRequest(
          `action must be ${options.action} on ${options.path}, got ${body.action}`,
        );
      }

      const result = await options.handler({
        payload: body.payload,
        envelope: body.envelope,
        request,
        reply,
      });

      if (status === 204) return reply.status(204).send();
      return reply.status(status).send({
        envelope: {
          message_id: randomUUID(),
          sender_agent_key: options.responder,
          timestamp: new Date().toISOString(),
          in_reply_to: body.envelope.message_id,
        },
        payload: result,
      });
    },
  });
}
