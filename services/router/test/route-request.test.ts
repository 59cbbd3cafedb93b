import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestAgent, type TestAgent } from '../../test-agents/src/test-agent.ts';
import { routeRequest, type Candidate } from '../src/routing/route-request.ts';
import { createHttpPool } from '../src/upstream/http-pool.ts';
import { postJson } from '../src/upstream/post-json.ts';

// The engine against real agents on loopback; the full service is covered in router.test.ts.
describe('routeRequest', () => {
  const pool = createHttpPool();
  const agents: Record<string, TestAgent> = {};

  beforeAll(async () => {
    for (const name of ['a', 'b', 'c']) agents[name] = await startTestAgent({ name });
  });
  afterAll(async () => {
    await Promise.all(Object.values(agents).map((agent) => agent.close()));
    await pool.close();
  });

  const candidate = (name: string): Candidate => ({
    agentKey: name,
    endpoint: agents[name]!.endpoint,
  });
  const send = (target: Candidate, signal: AbortSignal) =>
    postJson(target.endpoint, { dispatcher: pool, headers: {}, body: { x: 1 }, signal });
  const run = (names: string[], extra: { attemptTimeoutMs?: number; deadlineMs?: number } = {}) =>
    routeRequest({
      candidates: names.map(candidate),
      maxAttempts: 3,
      attemptTimeoutMs: extra.attemptTimeoutMs ?? 2_000,
      deadlineAt: performance.now() + (extra.deadlineMs ?? 5_000),
      send,
    });

  it('answers from the first candidate when it replies', async () => {
    for (const agent of Object.values(agents)) agent.setBehaviour({ mode: 'ok' });
    const result = await run(['a', 'b']);

    expect(result.kind).toBe('reply');
    expect(result.attempts.map((a) => [a.agent_key, a.outcome])).toEqual([['a', 'ok']]);
  });

  it('moves on after a 500 and after a timeout', async () => {
    agents.a!.setBehaviour({ mode: 'fail' });
    agents.b!.setBehaviour({ mode: 'hang' });
    agents.c!.setBehaviour({ mode: 'ok' });
    const result = await run(['a', 'b', 'c'], { attemptTimeoutMs: 150 });

    expect(result.kind).toBe('reply');
    expect(result.attempts.map((a) => [a.agent_key, a.outcome, a.status])).toEqual([
      ['a', 'server_error', 500],
      ['b', 'timeout', undefined],
      ['c', 'ok', 200],
    ]);
  });

  it('treats a 3xx, a 205 or an unknown 2xx as a failed attempt and moves on', async () => {
    agents.a!.setBehaviour({ mode: 'fail', status: 302 });
    agents.b!.setBehaviour({ mode: 'fail', status: 205 });
    agents.c!.setBehaviour({ mode: 'fail', status: 299 });
    const result = await run(['a', 'b', 'c']);

    expect(result.kind).toBe('exhausted');
    expect(result.attempts.map((a) => [a.agent_key, a.outcome, a.status])).toEqual([
      ['a', 'bad_status', 302],
      ['b', 'bad_status', 205],
      ['c', 'bad_status', 299],
    ]);
    expect(result.attempts[0]!.error).toBe(
      'agent answered HTTP 302, which the router does not pass on',
    );

    agents.c!.setBehaviour({ mode: 'ok' });
    const recovered = await run(['a', 'c']);
    expect(recovered.kind).toBe('reply');
    expect(recovered.attempts.map((a) => a.outcome)).toEqual(['bad_status', 'ok']);
  });

  it('returns a 4xx as it is without trying the next agent', async () => {
    agents.a!.setBehaviour({ mode: 'reject', status: 409 });
    const before = agents.b!.arrivals.length;
    const result = await run(['a', 'b']);

    expect(result.kind).toBe('reply');
    if (result.kind === 'reply') expect(result.reply.status).toBe(409);
    expect(agents.b!.arrivals.length).toBe(before);
  });

  it('stops at three attempts and lists what each got', async () => {
    agents.a!.setBehaviour({ mode: 'fail', status: 503 });
    agents.b!.setBehaviour({ mode: 'fail' });
    agents.c!.setBehaviour({ mode: 'fail', status: 502 });
    const fourth = await startTestAgent({ name: 'd' });
    try {
      const result = await routeRequest({
        candidates: [
          ...['a', 'b', 'c'].map(candidate),
          { agentKey: 'd', endpoint: fourth.endpoint },
        ],
        maxAttempts: 3,
        attemptTimeoutMs: 1_000,
        deadlineAt: performance.now() + 5_000,
        send,
      });
      expect(result.kind).toBe('exhausted');
      expect(result.attempts.map((a) => a.status)).toEqual([503, 500, 502]);
      expect(fourth.arrivals).toHaveLength(0);
    } finally {
      await fourth.close();
    }
  });

  it('reports a connection failure as a network error and moves on', async () => {
    agents.a!.setBehaviour({ mode: 'ok' });
    const dead: Candidate = { agentKey: 'dead', endpoint: 'http://127.0.0.1:1/a2a' };
    const result = await routeRequest({
      candidates: [dead, candidate('a')],
      maxAttempts: 3,
      attemptTimeoutMs: 1_000,
      deadlineAt: performance.now() + 5_000,
      send,
    });

    expect(result.kind).toBe('reply');
    expect(result.attempts[0]).toMatchObject({ agent_key: 'dead', outcome: 'network_error' });
    expect(result.attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('ends with the deadline when it passes before an agent answers', async () => {
    agents.a!.setBehaviour({ mode: 'hang' });
    agents.b!.setBehaviour({ mode: 'ok' });
    const result = await run(['a', 'b'], { attemptTimeoutMs: 2_000, deadlineMs: 100 });

    expect(result.kind).toBe('deadline');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ agent_key: 'a', outcome: 'deadline' });
  });

  it('says so when there is no candidate', async () => {
    expect((await run([])).kind).toBe('no_candidates');
  });
});
