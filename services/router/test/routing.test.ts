import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { callA2a, mintIdentity, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';
import { createTestDatabase, type TestDatabase } from '../../kit/testing/test-database.ts';
import { AgentPool, rankInOrder, registerAgent } from './support.ts';

// Stand-in, registry and subscription on real PostgreSQL, router, and test agents: all real
// HTTP servers on loopback. Each test uses its own capability so caches and ranking stay apart.
describe('POST /a2a/route', () => {
  let stack: Stack;
  let databases: TestDatabase[];
  let owner: AgentIdentity;
  let caller: AgentIdentity;
  const agents = new AgentPool();

  beforeAll(async () => {
    databases = [
      await createTestDatabase('router_registry'),
      await createTestDatabase('router_subscription'),
    ];
    stack = await startStack({
      registryDatabaseUrl: databases[0]!.url,
      subscriptionDatabaseUrl: databases[1]!.url,
      routerEnv: { ROUTE_ATTEMPT_TIMEOUT_MS: '300', STATS_FLUSH_INTERVAL_MS: '20' },
    });
    owner = await mintIdentity(stack.standinUrl);
    caller = await mintIdentity(stack.standinUrl);
  });
  afterEach(() => agents.closeAll());
  afterAll(async () => {
    await stack?.close();
    for (const db of databases ?? []) await db.drop();
  });

  /** Starts agents with the given behaviours, registers them for a fresh capability, ranks. */
  async function fleet(...behaviours: Parameters<AgentPool['start']>[1][]) {
    const capability = `cap-${randomUUID().slice(0, 8)}`;
    const started = [];
    for (const [index, behaviour] of behaviours.entries()) {
      const key = `${capability}-agent-${index}`;
      const agent = await agents.start(key, behaviour);
      await registerAgent(stack.registryUrl, owner, key, agent.endpoint, [capability]);
      started.push(agent);
    }
    await rankInOrder(stack.registryUrl, stack.routerUpstreamIdentity, started.map((a) => a.name));
    return { capability, agents: started };
  }

  const route = (capability: string, extra: object = {}, messageId?: string) =>
    callA2a(`${stack.routerUrl}/a2a/route`, {
      action: 'router.route',
      identity: caller,
      senderAgentKey: 'caller-agent',
      ...(messageId ? { messageId } : {}),
      payload: { capabilities: [capability], action: 'text.echo', payload: { n: 1 }, ...extra },
    });

  it('forwards to the best agent, signed by the router, naming the original sender', async () => {
    const { capability, agents: [best, second] } = await fleet({ mode: 'ok' }, { mode: 'ok' });
    const messageId = randomUUID();
    const answer = await route(capability, {}, messageId);

    expect(answer.status).toBe(200);
    expect(answer.body.payload.agent).toBe(best!.name);
    expect(answer.body.routing).toMatchObject({ agent_key: best!.name, discovery: 'loaded' });
    expect(second!.arrivals).toHaveLength(0);

    const [arrival] = best!.arrivals;
    // The agent-facing identity only: the upstream one would let the agent report stats.
    expect(arrival!.headers['x-agent-user-id']).toBe(stack.routerIdentity.agentUserId);
    expect(JSON.stringify(arrival!.headers))
      .not.toContain(stack.routerUpstreamIdentity.agentUserId);
    expect(arrival!.headers['x-agent-secret-token']).toMatch(/^AgentSecretToken_/);
    expect(arrival!.headers['x-traylinx-original-sender']).toBe('caller-agent');
    expect(arrival!.headers['x-traylinx-original-user-id']).toBe(caller.agentUserId);
    expect(arrival!.body).toMatchObject({
      action: 'text.echo',
      payload: { n: 1 },
      envelope: {
        sender_agent_key: 'router',
        on_behalf_of: {
          agent_key: 'caller-agent',
          agent_user_id: caller.agentUserId,
          message_id: messageId,
        },
      },
    });
    expect((arrival!.body as { envelope: { message_id: string } }).envelope.message_id)
      .not.toBe(messageId);
  });

  it('falls back to the next agent after a 500', async () => {
    const { capability, agents: [broken, healthy] } = await fleet({ mode: 'fail' },
      { mode: 'ok' });
    const answer = await route(capability);

    expect(answer.status).toBe(200);
    expect(answer.body.payload.agent).toBe(healthy!.name);
    expect(answer.body.routing.attempts.map((a: { outcome: string }) => a.outcome))
      .toEqual(['server_error', 'ok']);
    expect(broken!.arrivals).toHaveLength(1);
  });

  it('falls back to the next agent after a timeout', async () => {
    const { capability, agents: [, healthy] } = await fleet({ mode: 'hang' }, { mode: 'ok' });
    const answer = await route(capability);

    expect(answer.status).toBe(200);
    expect(answer.body.payload.agent).toBe(healthy!.name);
    expect(answer.body.routing.attempts[0]).toMatchObject({ outcome: 'timeout' });
  });

  it('counts an over-deep agent reply as a failed attempt (never a 500) and falls back',
    async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const { capability, agents: [, healthy] } = await fleet(
        { mode: 'raw', body: `{"payload":${deep}}` },
        { mode: 'ok' },
      );
      const answer = await route(capability);
      expect(answer.status).toBe(200);
      expect(answer.body.payload.agent).toBe(healthy!.name);
      expect(answer.body.routing.attempts[0]).toMatchObject({
        outcome: 'network_error',
        error: expect.stringMatching(/nested deeper than 64/),
      });

      // Alone, it is a 502 with the reason; the 64 levels the kit allows still pass.
      const alone = await fleet({ mode: 'raw', body: `{"payload":${deep}}` });
      const refused = await route(alone.capability);
      expect(refused.status).toBe(502);
      expect(refused.body.attempts[0].error).toMatch(/nested deeper than 64/);

      const fine = `${'['.repeat(60)}"]"${']'.repeat(60)}`;
      const shallow = await fleet({ mode: 'raw', body: `{"payload":${fine}}` });
      expect((await route(shallow.capability)).status).toBe(200);
    });

  it('returns an agent 4xx as it is, without trying another agent', async () => {
    const { capability, agents: [picky, other] } = await fleet(
      { mode: 'reject', status: 422 },
      { mode: 'ok' },
    );
    const answer = await route(capability);

    expect(answer.status).toBe(422);
    expect(answer.body.payload).toEqual({
      error: { code: 'agent_rejected', message: picky!.name },
    });
    expect(answer.body.routing.attempts).toHaveLength(1);
    expect(other!.arrivals).toHaveLength(0);
  });

  it('answers 502 with every attempt when all three fail, and tries no fourth', async () => {
    const { capability, agents: all } = await fleet(
      { mode: 'fail', status: 503 },
      { mode: 'hang' },
      { mode: 'fail' },
      { mode: 'ok' },
    );
    const answer = await route(capability);

    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('all_attempts_failed');
    expect(answer.body.attempts.map((a: { agent_key: string; outcome: string; status?: number }) =>
      [a.agent_key, a.outcome, a.status])).toEqual([
      [all[0]!.name, 'server_error', 503],
      [all[1]!.name, 'timeout', undefined],
      [all[2]!.name, 'server_error', 500],
    ]);
    for (const attempt of answer.body.attempts) expect(attempt.latency_ms).toBeGreaterThan(0);
    expect(all[3]!.arrivals).toHaveLength(0);
  });

  it('answers 504 when the deadline passes first', async () => {
    const { capability, agents: [, second] } = await fleet({ mode: 'hang' }, { mode: 'ok' });
    const answer = await route(capability, { deadline_ms: 100 });

    expect(answer.status).toBe(504);
    expect(answer.body.error.code).toBe('deadline_exceeded');
    expect(answer.body.attempts).toHaveLength(1);
    expect(second!.arrivals).toHaveLength(0);
  });

  it('answers 404 when no live agent has the capabilities', async () => {
    const answer = await route(`nobody-${randomUUID()}`);

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('no_agent');
  });

  it('reports each attempt to the registry off the hot path', async () => {
    const { capability, agents: [broken, healthy] } = await fleet({ mode: 'fail' },
      { mode: 'ok' });
    const statsOf = async (key: string) => {
      const found = await callA2a(`${stack.registryUrl}/a2a/registry/discover`, {
        action: 'registry.discover',
        identity: owner,
        payload: { requirements: { agent_keys: [key] } },
      });
      return found.body.payload.agents[0].stats;
    };
    const before = [await statsOf(broken!.name), await statsOf(healthy!.name)];

    await route(capability);
    await expect.poll(async () => (await statsOf(broken!.name)).attempts).toBe(
      before[0].attempts + 1,
    );
    const after = [await statsOf(broken!.name), await statsOf(healthy!.name)];
    expect(after[0].successes).toBe(before[0].successes);
    expect(after[1].successes).toBe(before[1].successes + 1);
  });

  describe('input and auth', () => {
    it('refuses a missing or forged token with 401 and forwards nothing', async () => {
      const { capability, agents: [agent] } = await fleet({ mode: 'ok' });
      const body = { capabilities: [capability], action: 'a', payload: {} };

      const missing = await callA2a(`${stack.routerUrl}/a2a/route`, {
        action: 'router.route',
        payload: body,
      });
      const forged = await callA2a(`${stack.routerUrl}/a2a/route`, {
        action: 'router.route',
        payload: body,
        headers: {
          'x-agent-secret-token': 'AgentSecretToken_00_forged',
          'x-agent-user-id': caller.agentUserId,
        },
      });

      expect([missing.status, forged.status]).toEqual([401, 401]);
      expect(agent!.arrivals).toHaveLength(0);
    });

    it.each([
      ['no capabilities', { capabilities: [], action: 'a', payload: {} }],
      ['an unknown field', { capabilities: ['x'], action: 'a', payload: {}, colour: 1 }],
      ['a payload that is not an object', { capabilities: ['x'], action: 'a', payload: 3 }],
      ['a negative deadline', { capabilities: ['x'], action: 'a', payload: {}, deadline_ms: -1 }],
    ])('rejects %s with 400 and forwards nothing', async (_name, payload) => {
      const { capability, agents: [agent] } = await fleet({ mode: 'ok' });
      const answer = await callA2a(`${stack.routerUrl}/a2a/route`, {
        action: 'router.route',
        identity: caller,
        payload: { ...payload, capabilities: payload.capabilities.length ? [capability] : [] },
      });

      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBeTruthy();
      expect(agent!.arrivals).toHaveLength(0);
    });

    it('rejects the wrong action verb with 400', async () => {
      const answer = await callA2a(`${stack.routerUrl}/a2a/route`, {
        action: 'events.publish',
        identity: caller,
        payload: { capabilities: ['x'], action: 'a', payload: {} },
      });
      expect(answer.status).toBe(400);
    });
  });
});
