import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKING } from '../src/ranking.ts';
import {
  envelope,
  post,
  registration,
  startRegistry,
  type Backend,
  type RegistryHarness,
  type TestAgent,
} from './support.ts';

const TTL_SECONDS = 60;

describe.each<Backend>(['postgres', 'pglite'])('registry on %s', (backend) => {
  let registry: RegistryHarness;
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    registry = await startRegistry(backend, { heartbeatTtlSeconds: TTL_SECONDS });
    alice = await registry.agent();
    bob = await registry.agent();
  });
  afterAll(() => registry.close());

  const count = async (table: string) =>
    Number((await registry.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);
  const discover = (agent: TestAgent, requirements: object) =>
    agent.call('/a2a/registry/discover', { requirements });
  const keys = (reply: { body: { payload: { agents: Array<{ agent_key: string }> } } }) =>
    reply.body.payload.agents.map((agent) => agent.agent_key);

  describe('register', () => {
    it('creates an agent owned by the caller, with name and key/value capabilities', async () => {
      const reply = await alice.call('/a2a/registry/register', registration('alice-translator'));
      expect(reply.status).toBe(200);
      expect(reply.body.payload.created).toBe(true);
      expect(reply.body.payload.agent).toMatchObject({
        agent_key: 'alice-translator',
        capabilities: [
          { key: 'lang', value: 'fr' },
          { key: 'translate', value: null },
        ],
        tags: ['nlp'],
      });
      expect(reply.body.envelope.sender_agent_key).toBe('traylinx-registry');

      const [row] = await registry.query<{ owner: string }>(
        `SELECT owner_agent_user_id AS owner FROM agents WHERE agent_key = 'alice-translator'`,
      );
      expect(row?.owner).toBe(alice.client.agentUserId);
    });

    it('updates in place for the owner and replaces capabilities', async () => {
      const reply = await alice.call(
        '/a2a/registry/register',
        registration('alice-translator', {
          capabilities: ['translate', 'summarise'],
          version: '1.1.0',
        }),
      );
      expect(reply.body.payload.created).toBe(false);
      expect(reply.body.payload.agent.capabilities).toEqual([
        { key: 'summarise', value: null },
        { key: 'translate', value: null },
      ]);
      expect(await count('agents')).toBe(1);
    });

    it('refuses another agent user taking over the key (403) and changes nothing', async () => {
      const reply = await bob.call(
        '/a2a/registry/register',
        registration('alice-translator', { endpoint: 'https://evil.example/a2a' }),
      );
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('forbidden');
      const [row] = await registry.query<{ endpoint: string }>(
        `SELECT endpoint FROM agents WHERE agent_key = 'alice-translator'`,
      );
      expect(row?.endpoint).toBe('https://alice-translator.agents.example/a2a');
    });

    it.each([
      ['an unknown payload field', registration('x1', { owner: 'me' }), /additional properties/],
      ['a wrong type', registration('x2', { capabilities: 'translate' }), /must be array/],
      ['an invalid endpoint', registration('x3', { endpoint: 'ftp://x' }), /endpoint/],
      ['an invalid agent key', registration('no spaces'), /agent_key/],
      ['an empty capability list', registration('x4', { capabilities: [] }), /capabilities/],
      [
        'a malformed capability',
        registration('x5', { capabilities: [{ value: 'fr' }] }),
        /capabilities/,
      ],
    ])('rejects %s with 400 and stores nothing', async (_name, payload, reason) => {
      const before = await count('agents');
      const reply = await alice.call('/a2a/registry/register', payload);
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(reason);
      expect(await count('agents')).toBe(before);
      expect(await count('agent_capabilities')).toBeGreaterThan(0);
    });

    it('rejects bad envelopes, a wrong action, large bodies and bad media types', async () => {
      const before = await count('agents');
      const payload = registration('x6');
      const headers = await alice.tokens.a2aHeaders();
      const url = `${registry.url}/a2a/registry/register`;

      const noEnvelope = await post(url, { action: 'registry.register', payload }, headers);
      expect(noEnvelope.status).toBe(400);
      const badId = await post(
        url,
        {
          envelope: { ...envelope(), message_id: 'not-a-uuid' },
          action: 'registry.register',
          payload,
        },
        headers,
      );
      expect(badId.body.error.message).toMatch(/message_id/);
      const extraTop = await post(
        url,
        {
          envelope: envelope(),
          action: 'registry.register',
          payload,
          extra: true,
        },
        headers,
      );
      expect(extraTop.status).toBe(400);
      const wrongAction = await alice.call('/a2a/registry/register', payload, {
        action: 'registry.deregister',
      });
      expect(wrongAction.status).toBe(400);
      expect(wrongAction.body.error.message).toMatch(/action must be registry.register/);

      const huge = await alice.call(
        '/a2a/registry/register',
        registration('x7', { description: 'x'.repeat(300_000) }),
      );
      expect(huge.status).toBe(413);
      const text = await post(url, 'hello', { ...headers, 'content-type': 'text/plain' });
      expect(text.status).toBe(415);

      expect(await count('agents')).toBe(before);
    });
  });

  describe('auth', () => {
    const routes = ['register', 'heartbeat', 'deregister', 'discover', 'stats.report'];

    it.each(routes)('refuses /a2a/registry/%s without credentials', async (verb) => {
      const reply = await post(`${registry.url}/a2a/registry/${verb}`, {
        envelope: envelope(),
        action: `registry.${verb}`,
        payload: {},
      });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({
        error: { code: 'unauthorized', message: 'Invalid or missing A2A authentication' },
      });
    });

    it("refuses forged tokens and a token presented with another agent's user id", async () => {
      const forged = await alice.call('/a2a/registry/register', registration('f1'), {
        headers: {
          'X-Agent-Secret-Token': 'AgentSecretToken_000000000000000000000000_forged',
          'X-Agent-User-Id': alice.client.agentUserId,
        },
      });
      expect(forged.status).toBe(401);

      const borrowed = await bob.call('/a2a/registry/register', registration('f2'), {
        headers: {
          ...(await alice.tokens.a2aHeaders()),
          'X-Agent-User-Id': bob.client.agentUserId,
        },
      });
      expect(borrowed.status).toBe(401);
      expect(await count(`agents WHERE agent_key IN ('f1', 'f2')`)).toBe(0);
    });

    it('leaves the public catalog, probes, metrics and the OpenAPI document open', async () => {
      expect((await fetch(`${registry.url}/catalog/search?q=x`)).status).toBe(200);
      expect((await fetch(`${registry.url}/ready`)).status).toBe(200);
      expect(await (await fetch(`${registry.url}/health`)).json()).toEqual({ status: 'ok' });

      const doc = await (await fetch(`${registry.url}/openapi.json`)).json();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/a2a/registry/register',
          '/a2a/registry/heartbeat',
          '/a2a/registry/deregister',
          '/a2a/registry/discover',
          '/a2a/registry/stats.report',
          '/a2a/catalog/publish',
          '/a2a/catalog/unpublish',
          '/a2a/catalog/versions',
          '/catalog/search',
          '/catalog/agents/{agent_key}',
        ]),
      );

      const metrics = await (await fetch(`${registry.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          'http_request_duration_seconds_count\\{[^}]*' +
            'route="/a2a/registry/register"[^}]*status_code="401"',
        ),
      );
    });
  });

  describe('heartbeat, TTL and discovery', () => {
    it('discovers by capabilities (all must match), key/value pairs and tags', async () => {
      await bob.call(
        '/a2a/registry/register',
        registration('bob-fr', {
          capabilities: ['translate', { key: 'lang', value: 'fr' }],
          tags: ['nlp', 'eu'],
        }),
      );
      await bob.call(
        '/a2a/registry/register',
        registration('bob-de', {
          capabilities: ['translate', { key: 'lang', value: 'de' }],
          tags: ['nlp'],
        }),
      );

      expect(
        keys(await discover(alice, { capabilities: [{ key: 'lang', value: 'fr' }] })),
      ).toEqual(['bob-fr']);
      expect(keys(await discover(alice, { capabilities: ['lang'] })).sort()).toEqual([
        'bob-de',
        'bob-fr',
      ]);
      expect(keys(await discover(alice, { capabilities: ['translate', 'summarise'] }))).toEqual([
        'alice-translator',
      ]);
      expect(keys(await discover(alice, { capabilities: ['translate'], tags: ['eu'] }))).toEqual([
        'bob-fr',
      ]);
      expect(keys(await discover(alice, { capabilities: ['teleport'] }))).toEqual([]);
      expect(keys(await discover(alice, { agent_keys: ['bob-de', 'nobody'] }))).toEqual([
        'bob-de',
      ]);
      expect(
        (await discover(alice, { capabilities: ['translate'], limit: 1 })).body.payload.agents,
      ).toHaveLength(1);
    });

    it("refuses heartbeats for unknown agents (404) and other owners' agents (403)", async () => {
      expect((await alice.call('/a2a/registry/heartbeat', { agent_key: 'ghost' })).status).toBe(
        404,
      );
      const foreign = await alice.call('/a2a/registry/heartbeat', { agent_key: 'bob-fr' });
      expect(foreign.status).toBe(403);
    });

    it('buffers heartbeats (204, no write) and counts them in discovery at once', async () => {
      registry.clock.advance((TTL_SECONDS + 1) * 1_000);
      expect(keys(await discover(alice, { capabilities: ['translate'] }))).toEqual([]);

      const [before] = await registry.query<{ at: Date }>(
        `SELECT last_heartbeat_at AS at FROM agents WHERE agent_key = 'bob-fr'`,
      );
      for (let i = 0; i < 5; i += 1) {
        const ping = await bob.call('/a2a/registry/heartbeat', { agent_key: 'bob-fr' });
        expect(ping.status).toBe(204);
        expect(ping.body).toBeUndefined();
      }
      const [unflushed] = await registry.query<{ at: Date }>(
        `SELECT last_heartbeat_at AS at FROM agents WHERE agent_key = 'bob-fr'`,
      );
      expect(unflushed?.at).toEqual(before?.at);
      expect(keys(await discover(alice, { capabilities: ['translate'] }))).toEqual(['bob-fr']);

      expect(await registry.app.registry.heartbeats.flush()).toBe(1);
      const [flushed] = await registry.query<{ at: Date }>(
        `SELECT last_heartbeat_at AS at FROM agents WHERE agent_key = 'bob-fr'`,
      );
      expect(new Date(flushed?.at ?? 0).getTime()).toBe(registry.clock.now());
      expect(keys(await discover(alice, { capabilities: ['translate'] }))).toEqual(['bob-fr']);
    });

    it('drops an agent from discovery once its heartbeat is older than the TTL', async () => {
      registry.clock.advance(TTL_SECONDS * 1_000 - 1);
      expect(keys(await discover(alice, { capabilities: ['translate'] }))).toEqual(['bob-fr']);
      registry.clock.advance(2);
      expect(keys(await discover(alice, { capabilities: ['translate'] }))).toEqual([]);
    });
  });

  describe('stats and ranking', () => {
    it('ranks by success rate (with a prior), latency and freshness, as documented', async () => {
      for (const key of ['rank-good', 'rank-bad', 'rank-new']) {
        await alice.call('/a2a/registry/register', registration(key, { capabilities: ['rank'] }));
      }
      const reports = [
        ...Array.from({ length: 10 }, () => ({
          agent_key: 'rank-good',
          success: true,
          latency_ms: 100,
        })),
        ...Array.from({ length: 10 }, () => ({
          agent_key: 'rank-bad',
          success: false,
          latency_ms: 2000,
        })),
        { agent_key: 'nobody-here', success: true, latency_ms: 1 },
      ];
      // The reporter (the router in production) feeds the ranking.
      const reply = await registry.reporter.call('/a2a/registry/stats.report', { reports });
      expect(reply.status).toBe(200);
      expect(reply.body.payload).toEqual({ accepted: 20, unknown_agent_keys: ['nobody-here'] });

      registry.clock.advance(TTL_SECONDS * 500); // half the TTL: freshness 0.5 for all three
      const agents = (await discover(alice, { capabilities: ['rank'] })).body.payload.agents;
      expect(agents.map((a: { agent_key: string }) => a.agent_key)).toEqual([
        'rank-good',
        'rank-new',
        'rank-bad',
      ]);

      const expected = (attempts: number, successes: number, latency: number | null) => {
        const success =
          (successes + RANKING.priorAttempts * RANKING.priorSuccessRate) /
          (attempts + RANKING.priorAttempts);
        const lat = latency === null ? 0.5 : 1 / (1 + latency / RANKING.latencyHalfScoreMs);
        return Math.round((0.6 * success + 0.25 * lat + 0.15 * 0.5) * 10_000) / 10_000;
      };
      expect(agents.map((a: { score: number }) => a.score)).toEqual([
        expected(10, 10, 100),
        expected(0, 0, null),
        expected(10, 0, 2000),
      ]);
      expect(agents[0].stats).toEqual({ attempts: 10, successes: 10, latency_ewma_ms: 100 });
      expect(agents[1].score_components).toEqual({
        success_rate: 0.8,
        latency: 0.5,
        freshness: 0.5,
      });
    });

    it('folds latency into an EWMA and adds counts across reports', async () => {
      await registry.reporter.call('/a2a/registry/stats.report', {
        reports: [{ agent_key: 'rank-good', success: false, latency_ms: 600 }],
      });
      const [row] = await registry.query<{ attempts: number; successes: number; ewma: number }>(
        `SELECT attempts, successes, latency_ewma_ms AS ewma FROM agent_stats s
           JOIN agents a ON a.id = s.agent_id WHERE a.agent_key = 'rank-good'`,
      );
      expect(row).toMatchObject({ attempts: 11, successes: 10 });
      expect(row?.ewma).toBeCloseTo(100 * 0.8 + 600 * 0.2, 6);
    });

    it('prefers the fresher agent when records are equal', async () => {
      await alice.call(
        '/a2a/registry/register',
        registration('fresh-a', { capabilities: ['fresh'] }),
      );
      registry.clock.advance(10_000);
      await alice.call(
        '/a2a/registry/register',
        registration('fresh-b', { capabilities: ['fresh'] }),
      );
      const agents = (await discover(alice, { capabilities: ['fresh'] })).body.payload.agents;
      expect(agents.map((a: { agent_key: string }) => a.agent_key)).toEqual([
        'fresh-b',
        'fresh-a',
      ]);
      expect(agents[0].score_components.freshness).toBe(1);
    });

    it('bounds the batch size and validates outcomes', async () => {
      const tooMany = Array.from({ length: 501 }, () => ({
        agent_key: 'rank-good',
        success: true,
        latency_ms: 1,
      }));
      const report = (reports: object[]) =>
        registry.reporter.call('/a2a/registry/stats.report', { reports });
      expect((await report(tooMany)).status).toBe(400);
      const negative = [{ agent_key: 'rank-good', success: true, latency_ms: -5 }];
      expect((await report(negative)).status).toBe(400);
    });
  });

  describe('deregister', () => {
    it("refuses other owners (403), removes the owner's agent, then 404", async () => {
      expect((await alice.call('/a2a/registry/deregister', { agent_key: 'bob-de' })).status).toBe(
        403,
      );
      const done = await bob.call('/a2a/registry/deregister', { agent_key: 'bob-de' });
      expect(done.status).toBe(200);
      expect(done.body.payload).toEqual({ agent_key: 'bob-de', deregistered: true });
      expect(await count(`agents WHERE agent_key = 'bob-de'`)).toBe(0);
      expect((await bob.call('/a2a/registry/deregister', { agent_key: 'bob-de' })).status).toBe(
        404,
      );
      expect((await bob.call('/a2a/registry/heartbeat', { agent_key: 'bob-de' })).status).toBe(
        404,
      );
    });
  });
});

describe('concurrent writes to one agent key (PostgreSQL)', () => {
  let registry: RegistryHarness;

  beforeAll(async () => {
    registry = await startRegistry('postgres');
  });
  afterAll(() => registry.close());

  it('gives a new key to exactly one owner, without errors', async () => {
    const [a, b] = [await registry.agent(), await registry.agent()];
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).call('/a2a/registry/register', registration('contested')),
      ),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.filter((s) => s === 403)).toHaveLength(6);
    expect(replies.filter((reply) => reply.body?.payload?.created === true)).toHaveLength(1);

    const published = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).call('/a2a/catalog/publish', {
          agent_key: 'contested-manifest',
          version: `1.0.${i}`,
          manifest: { name: 'x' },
        }),
      ),
    );
    const owners = await registry.query<{ n: number }>(
      `SELECT count(DISTINCT owner_agent_user_id)::int AS n FROM catalog_manifests
        WHERE agent_key = 'contested-manifest'`,
    );
    expect(owners[0]?.n).toBe(1);
    expect(published.map((reply) => reply.status).sort()).toEqual([
      201, 201, 201, 201, 403, 403, 403, 403,
    ]);
  });
});
