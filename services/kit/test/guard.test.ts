import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp } from '../create-app.ts';
import { a2aRoute } from '../envelope.ts';
import { installSentinelGuard, type SentinelGuardOptions } from '../sentinel/guard.ts';
import { startStandin, type RunningStandin } from '../testing/standin.ts';

let standin: RunningStandin;

beforeAll(async () => {
  standin = await startStandin({ tokenTtlSeconds: 3600 });
});
afterAll(() => standin.close());

async function guardedApp(options: Partial<SentinelGuardOptions> = {}) {
  const app: FastifyInstance = await createServiceApp({ service: 'guarded', logLevel: 'silent' });
  installSentinelGuard(app, {
    tokens: standin.service('registry'),
    baseUrl: standin.url,
    ...options,
  });
  a2aRoute(app, {
    path: '/a2a/demo/whoami',
    action: 'demo.whoami',
    responder: 'guarded',
    payload: { type: 'object', additionalProperties: false },
    reply: {
      type: 'object',
      properties: { agent_user_id: { type: 'string' }, client_id: { type: 'string' } },
    },
    handler: async ({ request }) => ({
      agent_user_id: request.caller?.agentUserId,
      client_id: request.caller?.clientId,
    }),
  });
  app.get('/public', async () => ({ open: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

function call(url: string, headers: Record<string, string>) {
  return fetch(`${url}/a2a/demo/whoami`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      envelope: {
        message_id: randomUUID(),
        sender_agent_key: 'tester',
        timestamp: new Date().toISOString(),
      },
      action: 'demo.whoami',
      payload: {},
    }),
  });
}

const refused = {
  error: { code: 'unauthorized', message: 'Invalid or missing A2A authentication' },
};

describe('Sentinel guard', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await guardedApp());
  });
  afterAll(() => app.close());

  it('admits a valid agent via X-Agent-Secret-Token and exposes its identity', async () => {
    const { client, tokens } = await standin.agent();
    const response = await call(url, await tokens.a2aHeaders());
    expect(response.status).toBe(200);
    expect((await response.json()).payload).toEqual({
      agent_user_id: client.agentUserId,
      client_id: client.clientId,
    });
  });

  it('admits Bearer <agent secret token> with X-Agent-User-Id (any case)', async () => {
    const { client, tokens } = await standin.agent();
    const { agentSecretToken } = await tokens.getTokens();
    const response = await call(url, {
      Authorization: `bearer ${agentSecretToken}`,
      'x-AGENT-user-id': client.agentUserId,
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['no headers', async () => ({})],
    [
      'a token without user id',
      async () => {
        const { tokens } = await standin.agent();
        return { 'X-Agent-Secret-Token': (await tokens.getTokens()).agentSecretToken };
      },
    ],
    [
      'a forged token',
      async () => ({
        'X-Agent-Secret-Token': `AgentSecretToken_${'0'.repeat(24)}_forged`,
        'X-Agent-User-Id': randomUUID(),
      }),
    ],
    [
      "another agent's user id",
      async () => {
        const a = await standin.agent();
        const b = await standin.agent();
        return { ...(await a.tokens.a2aHeaders()), 'X-Agent-User-Id': b.client.agentUserId };
      },
    ],
  ])('refuses %s with 401 and the fixed message', async (_name, headers) => {
    const response = await call(url, await headers());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(refused);
  });

  it('leaves routes outside /a2a/ alone', async () => {
    expect((await fetch(`${url}/public`)).status).toBe(200);
  });

  it('caches positive answers: repeated calls introspect once', async () => {
    const { tokens } = await standin.agent();
    const headers = await tokens.a2aHeaders();
    const before = standin.hits.get('/oauth/agent/introspect') ?? 0;
    const results = await Promise.all(Array.from({ length: 10 }, () => call(url, headers)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((standin.hits.get('/oauth/agent/introspect') ?? 0) - before).toBe(1);
  });

  it('refuses a non-UUID X-Agent-User-Id without asking Sentinel', async () => {
    const { tokens } = await standin.agent();
    const headers = { ...(await tokens.a2aHeaders()), 'X-Agent-User-Id': 'not-a-uuid' };
    const before = standin.hits.get('/oauth/agent/introspect') ?? 0;
    const response = await call(url, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(refused);
    expect((standin.hits.get('/oauth/agent/introspect') ?? 0) - before).toBe(0);
  });

  it('remembers an inactive answer briefly: replayed bad tokens introspect once', async () => {
    const forged = {
      'X-Agent-Secret-Token': `AgentSecretToken_${'1'.repeat(24)}_replayed`,
      'X-Agent-User-Id': randomUUID(),
    };
    const before = standin.hits.get('/oauth/agent/introspect') ?? 0;
    for (let i = 0; i < 5; i += 1) expect((await call(url, forged)).status).toBe(401);
    expect((standin.hits.get('/oauth/agent/introspect') ?? 0) - before).toBe(1);
  });

  it('forgets an inactive answer after negativeCacheSeconds', async () => {
    let now = Date.now();
    const short = await guardedApp({ negativeCacheSeconds: 5, now: () => now });
    try {
      const forged = {
        'X-Agent-Secret-Token': `AgentSecretToken_${'2'.repeat(24)}_replayed`,
        'X-Agent-User-Id': randomUUID(),
      };
      const before = standin.hits.get('/oauth/agent/introspect') ?? 0;
      expect((await call(short.url, forged)).status).toBe(401);
      now += 6_000;
      expect((await call(short.url, forged)).status).toBe(401);
      expect((standin.hits.get('/oauth/agent/introspect') ?? 0) - before).toBe(2);
    } finally {
      await short.app.close();
    }
  });

  it('gets a new access token once when Sentinel rejects ours, then admits', async () => {
    const { tokens } = await standin.agent();
    const headers = await tokens.a2aHeaders();
    standin.app.tokenStore.revoke('traylinx-registry');
    expect((await call(url, headers)).status).toBe(200);
  });
});

describe('Sentinel guard cache expiry', () => {
  it('re-checks after cacheMaxSeconds, so a revoked token stops working', async () => {
    const { app, url } = await guardedApp({ cacheMaxSeconds: 1 });
    try {
      const { client, tokens } = await standin.agent();
      const headers = await tokens.a2aHeaders();
      expect((await call(url, headers)).status).toBe(200);

      standin.app.tokenStore.revoke(client.clientId);
      expect((await call(url, headers)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect((await call(url, headers)).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it("never trusts a cached answer past the caller token's exp", async () => {
    const shortLived = await startStandin({ tokenTtlSeconds: 1 });
    const app = await createServiceApp({ service: 'guarded', logLevel: 'silent' });
    try {
      installSentinelGuard(app, {
        tokens: shortLived.service('registry'),
        baseUrl: shortLived.url,
        cacheMaxSeconds: 600,
      });
      app.post('/a2a/ping', async () => ({ ok: true }));
      const url = await app.listen({ host: '127.0.0.1', port: 0 });

      const { tokens } = await shortLived.agent();
      const headers = await tokens.a2aHeaders();
      const ping = () => fetch(`${url}/a2a/ping`, { method: 'POST', headers });
      expect((await ping()).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await ping()).status).toBe(401);
    } finally {
      await app.close();
      await shortLived.close();
    }
  });

  it('answers 401 (not 5xx) when Sentinel fails or hangs, and without settings', async () => {
    // A local "Sentinel" that answers introspection with 503 and hangs on /hang.
    const broken = http.createServer((request, response) => {
      if (request.url?.startsWith('/hang')) return;
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    const down = await guardedApp({ baseUrl: brokenUrl });
    const hanging = await guardedApp({ baseUrl: `${brokenUrl}/hang`, timeoutMs: 200 });
    const none = await guardedApp({ tokens: undefined, baseUrl: undefined });
    try {
      const { tokens } = await standin.agent();
      const headers = await tokens.a2aHeaders();
      const unreachable = await call(down.url, headers);
      expect(unreachable.status).toBe(401);
      expect(await unreachable.json()).toEqual(refused);
      expect((await call(hanging.url, headers)).status).toBe(401);
      expect((await call(none.url, headers)).status).toBe(401);
    } finally {
      await down.app.close();
      await hanging.app.close();
      await none.app.close();
      broken.closeAllConnections();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});
