import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentinelError } from '../sentinel/http.ts';
import { SentinelTokenClient } from '../sentinel/token-client.ts';
import { startStandin, type RunningStandin } from '../testing/standin.ts';

let standin: RunningStandin;

beforeAll(async () => {
  standin = await startStandin({ tokenTtlSeconds: 2 });
});
afterAll(() => standin.close());

/** A Sentinel that answers the given statuses in turn, then real tokens. */
async function flakySentinel(statuses: number[]) {
  let calls = 0;
  const server = http.createServer((request, response) => {
    calls += 1;
    const status = statuses.shift();
    if (status !== undefined) {
      response.writeHead(status, { 'retry-after': '0' }).end('{}');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: 'a', agent_secret_token: 's', expires_in: 3600 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    client: new SentinelTokenClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'flaky',
      clientSecret: 'flaky-secret-000',
      agentUserId: '7f0c8a52-5d1e-4c3b-9a61-2f4b8e9d0a11',
      backoffMs: 10,
    }),
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SentinelTokenClient', () => {
  it('makes one token request for many concurrent callers and caches the result', async () => {
    const { tokens } = await standin.agent();
    const before = standin.hits.get('/oauth/token') ?? 0;

    const results = await Promise.all(Array.from({ length: 25 }, () => tokens.getTokens()));
    expect(new Set(results.map((t) => t.accessToken)).size).toBe(1);
    await tokens.a2aHeaders();
    expect((standin.hits.get('/oauth/token') ?? 0) - before).toBe(1);
  });

  it('refreshes before expiry (skew capped at half the lifetime)', async () => {
    const { client, tokens } = await standin.agent();
    const first = await tokens.getTokens();
    expect(await tokens.a2aHeaders()).toEqual({
      'X-Agent-Secret-Token': first.agentSecretToken,
      'X-Agent-User-Id': client.agentUserId,
    });

    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const second = await tokens.getTokens();
    expect(second.accessToken).not.toBe(first.accessToken);
    // The old token is still alive at that point: we refreshed early, not after failing.
    expect(standin.app.tokenStore.access(first.accessToken)).toBeDefined();
  });

  it('retries 429 and 5xx a bounded number of times, then succeeds', async () => {
    const flaky = await flakySentinel([429, 503]);
    try {
      expect((await flaky.client.getTokens()).accessToken).toBe('a');
      expect(flaky.calls()).toBe(3);
    } finally {
      await flaky.close();
    }
  });

  it('gives up after maxAttempts and does not retry a 401', async () => {
    const down = await flakySentinel([500, 500, 500, 500]);
    try {
      await expect(down.client.getTokens()).rejects.toMatchObject({ status: 500 });
      expect(down.calls()).toBe(3);
    } finally {
      await down.close();
    }

    const refused = await flakySentinel([401]);
    try {
      const error = await refused.client.getTokens().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SentinelError);
      expect((error as SentinelError).status).toBe(401);
      expect(refused.calls()).toBe(1);
    } finally {
      await refused.close();
    }
  });

  it('times out a hanging Sentinel', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new SentinelTokenClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'slow',
      clientSecret: 'slow-secret-0000',
      agentUserId: '7f0c8a52-5d1e-4c3b-9a61-2f4b8e9d0a11',
      timeoutMs: 100,
      maxAttempts: 1,
    });
    try {
      await expect(client.getTokens()).rejects.toThrow(/timed out after 100 ms/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
