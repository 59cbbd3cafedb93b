import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { LogLevel } from './config.ts';
import { installErrorHandling } from './error-handler.ts';
import { badRequest, errorBodySchema } from './errors.ts';
import { jsonProblem, urlHasNul } from './json-guard.ts';
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
  /** Where log lines go; default standard output. Tests pass a stream to read them. */
  readonly logStream?: NodeJS.WritableStream;
}

// Kubelet probes and Prometheus scrapes arrive every few seconds on every pod: a line for each
// would bury the events that matter. Readiness logs its own changes; errors log themselves.
const QUIET_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/**
 * A Fastify instance with the platform's conventions: JSON logs with a request id, strict
 * JSON-schema validation (unknown fields and wrong types are rejected, never stripped or
 * coerced), the one error shape, A2A media type, /health, /ready, /metrics, /openapi.json.
 *
 * Services register their plugins and routes on the result; it never listens by itself.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      ...loggerOptions(options.service, options.logLevel ?? 'info'),
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // The id is read in genReqId so that only a short, log-safe one is ever taken over.
    requestIdHeader: false,
    // One line per request, written when it completes (below), instead of Fastify's two.
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: true,
    }),
    genReqId: (request) => clientRequestId(request.headers['x-request-id']) ?? randomUUID(),
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
  app.addHook('onRequest', async (request) => {
    // PostgreSQL refuses NUL in text (22021): say so here instead of failing with a 500 later.
    if (urlHasNul(request.url)) throw badRequest('NUL characters (%00) are not allowed in URLs');
  });
  app.addSchema(errorBodySchema);

  app.addHook('onResponse', async (request, reply) => {
    if (QUIET_PATHS.has(request.url.split('?')[0] ?? '')) return;

    request.log.info({
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
    }, 'request completed');
  });

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

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's `x-request-id` when it is short and safe to log, else undefined. */
export function clientRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}

// Only JSON bodies are accepted (anything else is 415); the A2A media type parses exactly like
// JSON (same limits, same prototype-poisoning guard, same depth and NUL limits).
function installA2aMediaType(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  const json: typeof parse = (request, body, done) =>
    parse(request, body, (error, value) => {
      if (error) return done(error, undefined);
      const problem = jsonProblem(value);
      if (problem) return done(badRequest(`invalid JSON body: ${problem}`), undefined);
      done(null, value);
    });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(A2A_MEDIA_TYPE, { parseAs: 'string' }, json);
}
