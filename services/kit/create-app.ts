import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { LogLevel } from './config.ts';
import { installErrorHandling } from './error-handler.ts';
import { errorBodySchema } from './errors.ts';
import { loggerOptions } from './logging.ts';
import { installMetrics } from './metrics.ts';
import { Readiness, installHealthRoutes } from './readiness.ts';

/** The A2A media type; `application/json` is accepted as well. */
export const A2A_MEDIA_TYPE = 'application/vnd.traylinx.a2a+json';

declare module 'fastify' {
  interface FastifyInstance {
    /** Readiness checks and the draining flag behind `GET /ready`. */
    readiness: Readiness;
  }
}

/** Options of {@link createServiceApp}. */
export interface ServiceAppOptions {
  /** Service name: on every log line, as a metrics label and as the OpenAPI title. */
  readonly service: string;
  /** Version shown in the OpenAPI document; default `0.1.0`. */
  readonly version?: string;
  /** One-line description for the OpenAPI document; default none. */
  readonly description?: string;
  /** Log level; default `info`. */
  readonly logLevel?: LogLevel;
  /** Largest request body in bytes; default 262144 (256 KiB). Larger bodies get 413. */
  readonly bodyLimitBytes?: number;
  /** Per-request timeout in ms before Fastify answers 408; default 30000. */
  readonly requestTimeoutMs?: number;
}

/**
 * A Fastify instance with the platform's conventions: JSON logs with a request id, strict
 * JSON-schema validation (unknown fields and wrong types are rejected, never stripped or
 * coerced), the one error shape, A2A media type, /health, /ready, /metrics, /openapi.json.
 *
 * Services register their plugins and routes on the result; it never listens by itself.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.service, options.logLevel ?? 'info'),
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    genReqId: () => randomUUID(),
    ajv: {
      customOptions: {
        // Fastify's defaults strip unknown fields and coerce types; our contract rejects both.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: false,
      },
    },
  });

  installErrorHandling(app);
  installA2aMediaType(app);
  app.addSchema(errorBodySchema);

  const readiness = new Readiness();
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // While draining, every answer closes its connection: clients reconnect (to other
    // replicas) and no idle keep-alive socket holds the server open at close.
    if (readiness.draining) reply.header('connection', 'close');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.service,
        version: options.version ?? '0.1.0',
        ...(options.description ? { description: options.description } : {}),
      },
      components: {
        securitySchemes: {
          agentSecretToken: { type: 'apiKey', in: 'header', name: 'X-Agent-Secret-Token' },
          agentUserId: { type: 'apiKey', in: 'header', name: 'X-Agent-User-Id' },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.decorate('readiness', readiness);
  installHealthRoutes(app, readiness);
  installMetrics(app, options.service);

  return app;
}

// Only JSON bodies are accepted (anything else is 415); the A2A media type parses exactly like
// JSON (same limits, same prototype-poisoning guard).
function installA2aMediaType(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(A2A_MEDIA_TYPE, { parseAs: 'string' }, json);
}
