import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, type ErrorBody } from './errors.ts';

// Fastify's own client errors, mapped to stable codes callers can switch on.
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

function body(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * Installs the error and not-found handlers: every reply is `{error: {code, message}}`, client
 * errors keep their reason, server errors say only "internal error" (details go to the log).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send(error.toBody());
    }

    if (error.validation) {
      // Fastify's message names the part and field, e.g. "body/payload/name must be string".
      return reply.status(400).send(body('validation_failed', error.message));
    }

    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[error.code] ?? STATUS_CODES[status] ?? 'bad_request';
      return reply.status(status).send(body(code, error.message));
    }

    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(body('internal_error', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `no route for ${request.method} ${request.url}`));
  });
}
