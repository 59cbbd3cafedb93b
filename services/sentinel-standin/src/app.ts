import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LogLevel } from '../../kit/config.ts';
import { createServiceApp } from '../../kit/create-app.ts';
import { SEED_CLIENTS, type StandinClient } from './seed.ts';
import { TokenStore } from './token-store.ts';

/** Options of {@link buildStandinApp}. */
export interface StandinOptions {
  /** `expires_in` of issued tokens in seconds; default 3600. */
  readonly tokenTtlSeconds?: number;
  /** Clients known at start; default the demo client plus one per service. */
  readonly clients?: readonly StandinClient[];
  /** Log level; default `info`. */
  readonly logLevel?: LogLevel;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenStore: TokenStore;
  }
}

const formString = { type: 'string', minLength: 1, maxLength: 4096 } as const;

/**
 * A local stand-in for Traylinx Sentinel speaking its A2A protocol: client-credentials tokens
 * and agent-token introspection, plus `/local/*` helpers for tests and demos. Development only.
 */
export async function buildStandinApp(options: StandinOptions = {}): Promise<FastifyInstance> {
  const ttl = options.tokenTtlSeconds ?? 3600;
  const now = options.now ?? Date.now;
  const store = new TokenStore(options.clients ?? SEED_CLIENTS, now);

  const app = await createServiceApp({
    service: 'sentinel-standin',
    description: 'Local development stand-in for Traylinx Sentinel (never deployed)',
    logLevel: options.logLevel ?? 'info',
    bodyLimitBytes: 16 * 1024,
  });
  app.decorate('tokenStore', store);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.post(
    '/oauth/token',
    {
      schema: {
        tags: ['oauth'],
        body: {
          type: 'object',
          required: ['grant_type', 'client_id', 'client_secret'],
          properties: {
            grant_type: formString,
            client_id: formString,
            client_secret: formString,
            scope: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      const form = request.body as Record<string, string>;
      if (form.grant_type !== 'client_credentials') {
        return oauthError(reply, 400, 'unsupported_grant_type', 'only client_credentials');
      }
      const scopes = (form.scope ?? 'a2a').split(/\s+/);
      if (!scopes.includes('a2a'))
        return oauthError(reply, 400, 'invalid_scope', 'scope must be a2a');

      const client = store.authenticate(form.client_id ?? '', form.client_secret ?? '');
      if (!client) return oauthError(reply, 401, 'invalid_client', 'unknown client or bad secret');

      const { access, agent } = store.issue(client, ttl);
      request.log.info({ client_id: client.clientId }, 'tokens issued');
      return {
        access_token: access,
        token_type: 'Bearer',
        agent_secret_token: agent,
        expires_in: ttl,
        scope: 'a2a',
      };
    },
  );

  app.post(
    '/oauth/agent/introspect',
    {
      schema: {
        tags: ['oauth'],
        body: {
          type: 'object',
          required: ['agent_secret_token', 'agent_user_id'],
          properties: { agent_secret_token: formString, agent_user_id: formString },
        },
      },
    },
    async (request, reply) => {
      if (!bearerIsLive(request, store)) {
        return oauthError(reply, 401, 'invalid_token', 'introspection needs a live access token');
      }

      const form = request.body as Record<string, string>;
      const issued = store.agent(form.agent_secret_token ?? '');
      if (!issued || issued.agentUserId !== form.agent_user_id) return { active: false };

      return {
        active: true,
        agent_user_id: issued.agentUserId,
        client_id: issued.clientId,
        scope: 'a2a',
        exp: Math.floor(issued.expiresAt / 1_000),
      };
    },
  );

  app.post(
    '/local/clients',
    {
      schema: {
        tags: ['local'],
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { client_id: { type: 'string', pattern: '^[A-Za-z0-9_-]{3,100}$' } },
        },
      },
    },
    async (request, reply) => {
      const wanted = (request.body as { client_id?: string } | null)?.client_id;
      try {
        const client = store.mint(wanted);
        return reply.status(201).send({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          agent_user_id: client.agentUserId,
        });
      } catch (error) {
        return reply
          .status(409)
          .send({ error: { code: 'conflict', message: (error as Error).message } });
      }
    },
  );

  app.post(
    '/local/revoke',
    {
      schema: {
        tags: ['local'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['client_id'],
          properties: { client_id: formString },
        },
      },
    },
    async (request) => {
      const { client_id } = request.body as { client_id: string };
      return { revoked: store.revoke(client_id) };
    },
  );

  return app;
}

function bearerIsLive(request: FastifyRequest, store: TokenStore): boolean {
  const token = request.headers.authorization?.match(/^bearer\s+(\S+)$/i)?.[1];
  return token !== undefined && store.access(token) !== undefined;
}

// OAuth 2 error bodies (RFC 6749 §5.2), as Sentinel answers on its OAuth endpoints.
function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.status(status).send({ error, error_description: description });
}
