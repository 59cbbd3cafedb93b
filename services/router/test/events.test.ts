import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../../kit/testing/test-database.ts';
import { callA2a, mintIdentity, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';
import type { TestAgent, TestAgentBehaviour } from '../../test-agents/src/test-agent.ts';
import { AgentPool, registerAgent } from './support.ts';

const DELIVERY_TIMEOUT_MS = 1_000;

// Fan-out through the real stack: subscriptions stored in PostgreSQL, endpoints resolved in the
// registry, deliveries over HTTP to test agents on loopback.
describe('POST /a2a/events/publish', () => {
  let stack: Stack;
  let databases: TestDatabase[];
  let owner: AgentIdentity;
  let publisher: AgentIdentity;
  const agents = new AgentPool();

  beforeAll(async () => {
    databases = [
      await createTestDatabase('events_registry'),
      await createTestDatabase('events_subscription'),
    ];
    stack = await startStack({
      registryDatabaseUrl: databases[0]!.url,
      subscriptionDatabaseUrl: databases[1]!.url,
      routerEnv: {
        DELIVERY_TIMEOUT_MS: String(DELIVERY_TIMEOUT_MS),
        FANOUT_CONCURRENCY: '8',
      },
    });
    owner = await mintIdentity(stack.standinUrl);
    publisher = await mintIdentity(stack.standinUrl);
  });
  afterEach(() => agents.closeAll());
  afterAll(async () => {
    await stack?.close();
    for (const db of databases ?? []) await db.drop();
  });

  /** Starts and registers an agent, then subscribes it as `subscription` says. */
  async function subscriber(
    name: string,
    subscription: { event_type: string; job_id?: string; filters?: object },
    behaviour: TestAgentBehaviour = { mode: 'ok' },
  ): Promise<TestAgent> {
    const agent = await agents.start(name, behaviour);
    await registerAgent(stack.registryUrl, owner, name, agent.endpoint, ['events']);
    const answer = await callA2a(`${stack.subscriptionUrl}/a2a/subscriptions/subscribe`, {
      action: 'subscriptions.subscribe',
      identity: owner,
      senderAgentKey: name,
      payload: subscription,
    });
    if (answer.status !== 201) throw new Error(`subscribe ${name}: ${answer.status}`);
    return agent;
  }

  const publish = (payload: object, messageId = randomUUID()) =>
    callA2a(`${stack.routerUrl}/a2a/events/publish`, {
      action: 'events.publish',
      identity: publisher,
      senderAgentKey: 'publisher-agent',
      messageId,
      payload,
    });
  const eventType = () => `job.done.${randomUUID().slice(0, 8)}`;

  it('delivers to 50 subscribers; failing and hanging ones do not hold the rest', async () => {
    const type = eventType();
    const behaviourOf = (i: number): TestAgentBehaviour =>
      i === 0 ? { mode: 'hang' } : i % 15 === 0 ? { mode: 'fail' } : { mode: 'ok' };
    // Set up ten at a time: a burst of 50 registrations exceeds the registry's Prisma
    // transaction wait on a loaded machine (reported to the registry's owner).
    const all: TestAgent[] = [];
    for (let start = 0; start < 50; start += 10) {
      all.push(...await Promise.all(Array.from({ length: 10 }, (_, j) => start + j).map((i) =>
        subscriber(`sub-${String(i).padStart(2, '0')}-${type}`, { event_type: type },
          behaviourOf(i)))));
    }
    const [hanging] = all;

    const answer = await publish({ event_type: type, payload: { status: 'ok' } });

    expect(answer.status).toBe(200);
    const summary = answer.body.payload;
    expect(summary).toMatchObject({ duplicate: false, subscribers: 50, delivered: 46, failed: 4 });
    const byKey = new Map(summary.deliveries.map((d: { agent_key: string }) => [d.agent_key, d]));
    expect(byKey.get(hanging!.name)).toMatchObject({ outcome: 'failed' });
    expect((byKey.get(hanging!.name) as { error: string }).error).toMatch(/no answer within/);
    expect(byKey.get(all[15]!.name)).toMatchObject({ outcome: 'failed', status: 500 });

    // Every agent got the event exactly once; the others arrived while the hanging one was
    // still being waited for, i.e. it held its own slot only.
    for (const agent of all) expect(agent.arrivals).toHaveLength(1);
    const hangStarted = hanging!.arrivals[0]!.at;
    for (const agent of all.slice(1)) {
      expect(agent.arrivals[0]!.at).toBeLessThan(hangStarted + DELIVERY_TIMEOUT_MS);
    }
  });

  it('delivers the event as the router, naming the publisher and the event id', async () => {
    const type = eventType();
    const agent = await subscriber(`one-${type}`, { event_type: type });
    const messageId = randomUUID();
    await publish({ event_type: type, job_id: 'j9', payload: { a: 1 } }, messageId);

    expect(agent.arrivals[0]!.headers['x-traylinx-original-user-id']).toBe(publisher.agentUserId);
    expect(agent.arrivals[0]!.body).toMatchObject({
      action: 'events.deliver',
      payload: { event_id: messageId, event_type: type, job_id: 'j9', payload: { a: 1 } },
      envelope: { sender_agent_key: 'router', on_behalf_of: { agent_key: 'publisher-agent' } },
    });
  });

  it('honours job scoping and payload filters', async () => {
    const type = eventType();
    const wildcard = await subscriber(`wild-${type}`, { event_type: type });
    const job1 = await subscriber(`job1-${type}`, { event_type: type, job_id: 'j1' });
    const errors = await subscriber(`err-${type}`, {
      event_type: type,
      filters: { status: 'error' },
    });

    const first = await publish({ event_type: type, job_id: 'j1', payload: { status: 'ok' } });
    expect(first.body.payload.deliveries.map((d: { agent_key: string }) => d.agent_key).sort())
      .toEqual([job1.name, wildcard.name].sort());

    const second = await publish({ event_type: type, job_id: 'j2', payload: { status: 'error' } });
    expect(second.body.payload.deliveries.map((d: { agent_key: string }) => d.agent_key).sort())
      .toEqual([errors.name, wildcard.name].sort());

    expect([wildcard, job1, errors].map((a) => a.arrivals.length)).toEqual([2, 1, 1]);
  });

  it('does not deliver a repeated message id twice', async () => {
    const type = eventType();
    const agent = await subscriber(`dup-${type}`, { event_type: type });
    const messageId = randomUUID();

    const first = await publish({ event_type: type, payload: {} }, messageId);
    const again = await publish({ event_type: type, payload: {} }, messageId);
    const concurrent = await Promise.all([1, 2, 3].map(() =>
      publish({ event_type: type, payload: {} }, messageId)));

    expect(first.body.payload).toMatchObject({ duplicate: false, delivered: 1 });
    expect(again.body.payload).toMatchObject({ duplicate: true, delivered: 0, subscribers: 0 });
    for (const answer of concurrent) expect(answer.body.payload.duplicate).toBe(true);
    expect(agent.arrivals).toHaveLength(1);

    // The same id from another publisher is another event.
    const other = await mintIdentity(stack.standinUrl);
    const theirs = await callA2a(`${stack.routerUrl}/a2a/events/publish`, {
      action: 'events.publish',
      identity: other,
      messageId,
      payload: { event_type: type, payload: {} },
    });
    expect(theirs.body.payload.duplicate).toBe(false);
    expect(agent.arrivals).toHaveLength(2);
  });

  it('refuses an event payload too deep or too big to match with 400 and a reason',
    async () => {
      const deep = Array.from({ length: 17 }).reduce<object>((inner) => ({ a: inner }), {});
      const tooDeep = await publish({ event_type: eventType(), payload: deep });
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.error.message).toMatch(/nested deeper than 16 levels/);

      const tooBig = await publish({ event_type: eventType(), payload: { b: 'x'.repeat(70_000) } });
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.message).toMatch(/bytes serialized/);
    });

  it('answers an empty summary when nobody subscribes', async () => {
    const answer = await publish({ event_type: eventType(), payload: {} });
    expect(answer.status).toBe(200);
    expect(answer.body.payload).toMatchObject({ subscribers: 0, delivered: 0, failed: 0 });
  });

  it('reports a subscriber that is not registered as failed, delivering to the rest', async () => {
    const type = eventType();
    const agent = await subscriber(`reg-${type}`, { event_type: type });
    await callA2a(`${stack.subscriptionUrl}/a2a/subscriptions/subscribe`, {
      action: 'subscriptions.subscribe',
      identity: owner,
      senderAgentKey: `ghost-${type}`,
      payload: { event_type: type },
    });

    const answer = await publish({ event_type: type, payload: {} });
    expect(answer.body.payload).toMatchObject({ delivered: 1, failed: 1 });
    const ghost = answer.body.payload.deliveries.find(
      (d: { agent_key: string }) => d.agent_key === `ghost-${type}`,
    );
    expect(ghost.error).toMatch(/not registered/);
    expect(agent.arrivals).toHaveLength(1);
  });

  it('fails only the delivery to a subscriber key the registry would reject', async () => {
    const type = eventType();
    const agent = await subscriber(`valid-${type}`, { event_type: type });
    // Rows written before the kit enforced the agent key pattern can still hold such keys.
    const sql = new pg.Client({ connectionString: databases[1]!.url });
    await sql.connect();
    try {
      await sql.query(`INSERT INTO subscriptions (subscriber_agent_key, owner_agent_user_id,
        event_type) VALUES ('bad key!', $1, $2)`, [owner.agentUserId, type]);
    } finally {
      await sql.end();
    }

    const answer = await publish({ event_type: type, payload: {} });
    expect(answer.status).toBe(200);
    expect(answer.body.payload).toMatchObject({ subscribers: 2, delivered: 1, failed: 1 });
    expect(answer.body.payload.deliveries).toContainEqual(expect.objectContaining({
      agent_key: 'bad key!',
      outcome: 'failed',
      error: 'not a valid agent key',
    }));
    expect(agent.arrivals).toHaveLength(1);
  });

  describe('input and auth', () => {
    it('refuses a missing or forged token with 401 and delivers nothing', async () => {
      const type = eventType();
      const agent = await subscriber(`auth-${type}`, { event_type: type });
      const body = { event_type: type, payload: {} };

      const missing = await callA2a(`${stack.routerUrl}/a2a/events/publish`, {
        action: 'events.publish',
        payload: body,
      });
      const forged = await callA2a(`${stack.routerUrl}/a2a/events/publish`, {
        action: 'events.publish',
        payload: body,
        headers: { authorization: 'Bearer forged', 'x-agent-user-id': publisher.agentUserId },
      });

      expect([missing.status, forged.status]).toEqual([401, 401]);
      expect(agent.arrivals).toHaveLength(0);
    });

    it.each([
      ['a missing payload', { event_type: 'x' }],
      ['a bad event type', { event_type: 'has space', payload: {} }],
      ['an unknown field', { event_type: 'x', payload: {}, priority: 1 }],
      ['a job id of the wrong type', { event_type: 'x', job_id: 5, payload: {} }],
    ])('rejects %s with 400 and delivers nothing', async (_name, payload) => {
      const type = eventType();
      const agent = await subscriber(`bad-${type}`, { event_type: type });
      const answer = await publish({ ...payload, ...(payload.event_type === 'x'
        ? { event_type: type } : {}) });

      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBeTruthy();
      expect(agent.arrivals).toHaveLength(0);
    });
  });
});
