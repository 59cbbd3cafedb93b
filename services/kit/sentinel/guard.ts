import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UUID } from '../config.ts';
import { HttpError } from '../errors.ts';
import { SingleFlight } from '../single-flight.ts';
import { TtlCache } from '../ttl-cache.ts';
import { SentinelError, postForm, type FetchLike } from './http.ts';
import type { SentinelTokenClient } from './token-client.ts';

/** The authenticated agent behind an `/a2a/*` request. */
export interface Caller {
  /** Sentinel agent user id (UUID) the token belongs to. */
  readonly agentUserId: string;
  /** Sentinel client id, when introspection names it. */
  readonly clientId: string | undefined;
  /** Scopes from introspection (space separated in OAuth), empty when not given. */
  readonly scopes: readonly string[];
  /** Epoch ms when the caller's token expires, when introspection says. */
  readonly expiresAt: number | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Sentinel guard on every `/a2a/*` route. */
    caller: Caller | undefined;
  }
}

/** Options of {@link installSentinelGuard}. */
export interface SentinelGuardOptions {
  /** Our own token client; undefined refuses every `/a2a/*` call (dev without Sentinel). */
  readonly tokens: SentinelTokenClient | undefined;
  /** Sentinel base URL, no trailing slash. */
  readonly baseUrl: string | undefined;
  /** Route prefix the guard covers; default `/a2a/`. */
  readonly prefix?: string;
  /** Longest time a positive introspection is trusted, in seconds; default 60. */
  readonly cacheMaxSeconds?: number;
  /** Most cached callers; default 10000. */
  readonly cacheMaxEntries?: number;
  /**
   * How long Sentinel's "inactive" answer for one token is remembered, in seconds; default 5
   * (0 turns it off). Bounded like the positive cache: replayed bad tokens cost Sentinel one
   * call per this interval instead of one per request. Outages are never cached.
   */
  readonly negativeCacheSeconds?: number;
  /** Introspection timeout in ms; default 3000. */
  readonly timeoutMs?: number;
  /** Default global `fetch`. */
  readonly fetch?: FetchLike;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

const REFUSED = 'Invalid or missing A2A authentication';

/** What one introspection found: a caller, a definite "no", or no answer (outage). */
type Verdict = Caller | 'inactive' | 'unknown';

interface Credentials {
  readonly token: string;
  readonly agentUserId: string;
}

interface Introspection {
  active?: unknown;
  agent_user_id?: unknown;
  client_id?: unknown;
  scope?: unknown;
  scopes?: unknown;
  exp?: unknown;
}

/** Bearer + X-Agent-User-Id first, then X-Agent-Secret-Token + X-Agent-User-Id (as the SDKs). */
export function readCredentials(request: FastifyRequest): Credentials | undefined {
  const agentUserId = single(request.headers['x-agent-user-id']);
  // Sentinel's agent user ids are UUIDs: anything else is refused without asking Sentinel.
  if (!agentUserId || !UUID.test(agentUserId)) return undefined;

  const authorization = single(request.headers.authorization);
  const bearer = authorization?.match(/^bearer\s+(\S+)\s*$/i)?.[1];
  const token = bearer ?? single(request.headers['x-agent-secret-token']);
  if (!token || token.length > 4096) return undefined;

  return { token, agentUserId };
}

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The caller the guard authenticated. Every `/a2a/*` route has one; the 401 covers a route
 * registered outside the guard, with the guard's own message.
 */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) throw new HttpError(401, 'unauthorized', REFUSED);
  return request.caller;
}

/**
 * Validates the caller of every route under `prefix` through Sentinel introspection before the
 * body is even read. Positive answers are cached (bounded, never past the token's `exp`, never
 * longer than `cacheMaxSeconds`); concurrent checks of the same credentials share one request.
 * Any failure, Sentinel outages included, is 401 with one fixed message.
 */
export function installSentinelGuard(app: FastifyInstance, options: SentinelGuardOptions): void {
  const prefix = options.prefix ?? '/a2a/';
  const now = options.now ?? Date.now;
  const maxMs = (options.cacheMaxSeconds ?? 60) * 1_000;
  const cache = new TtlCache<string, Caller>({
    maxEntries: options.cacheMaxEntries ?? 10_000,
    ttlMs: maxMs,
    now,
  });
  const refusedMs = (options.negativeCacheSeconds ?? 5) * 1_000;
  const refused = new TtlCache<string, true>({
    maxEntries: options.cacheMaxEntries ?? 10_000,
    ttlMs: Math.max(refusedMs, 1),
    now,
  });
  const flights = new SingleFlight<string, Caller | undefined>();

  if (!options.tokens || !options.baseUrl) {
    app.log.warn('no Sentinel settings: every A2A call will be refused');
  }

  app.decorateRequest('caller', undefined);

  app.addHook('onRequest', async (request) => {
    // The matched route pattern, not the raw URL, decides: odd encodings cannot dodge the guard.
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith(prefix)) return;

    const credentials = readCredentials(request);
    if (!credentials) throw new HttpError(401, 'unauthorized', REFUSED);

    const key = createHash('sha256')
      .update(`${credentials.token}\0${credentials.agentUserId}`)
      .digest('hex');
    if (refused.get(key)) throw new HttpError(401, 'unauthorized', REFUSED);
    let caller = cache.get(key);
    if (!caller) {
      caller = await flights.run(key, async () => {
        const verdict = await introspect(credentials, request);
        if (verdict === 'inactive' && refusedMs > 0) refused.set(key, true);
        if (typeof verdict !== 'object') return undefined;
        cache.set(key, verdict, cacheTtl(verdict));
        return verdict;
      });
    }
    if (!caller) throw new HttpError(401, 'unauthorized', REFUSED);

    request.caller = caller;
  });

  function cacheTtl(caller: Caller): number {
    if (caller.expiresAt === undefined) return maxMs;
    return Math.min(maxMs, caller.expiresAt - now());
  }

  async function introspect(
    credentials: Credentials,
    request: FastifyRequest,
  ): Promise<Verdict> {
    const tokens = options.tokens;
    if (!tokens || !options.baseUrl) return 'unknown';

    try {
      const access = await tokens.accessToken();
      try {
        return await introspectWith(access, credentials);
      } catch (error) {
        // Our own access token expired or was revoked: get a new one and ask once more.
        if (!(error instanceof SentinelError && error.status === 401)) throw error;
        tokens.invalidate(access);
        return await introspectWith(await tokens.accessToken(), credentials);
      }
    } catch (error) {
      request.log.warn({ err: error }, 'A2A introspection failed');
      return 'unknown';
    }
  }

  async function introspectWith(
    accessToken: string,
    credentials: Credentials,
  ): Promise<Verdict> {
    const body = (await postForm(
      options.fetch ?? fetch,
      `${options.baseUrl}/oauth/agent/introspect`,
      { agent_secret_token: credentials.token, agent_user_id: credentials.agentUserId },
      { timeoutMs: options.timeoutMs ?? 3_000, bearer: accessToken },
    )) as Introspection;

    if (body?.active !== true) return 'inactive';
    // A token Sentinel binds to a different user must not pass for this one.
    if (typeof body.agent_user_id === 'string' && body.agent_user_id !== credentials.agentUserId) {
      return 'inactive';
    }

    const scope = typeof body.scope === 'string' ? body.scope : body.scopes;
    const expiresAt = typeof body.exp === 'number' ? body.exp * 1_000 : undefined;
    if (expiresAt !== undefined && expiresAt <= now()) return 'inactive';

    return {
      agentUserId: credentials.agentUserId,
      clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
      scopes: typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [],
      expiresAt,
    };
  }
}
