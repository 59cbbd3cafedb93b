import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestAgent, type TestAgent } from '../../test-agents/src/test-agent.ts';
import { EndpointResolver } from '../src/discovery/endpoint-resolver.ts';
import { DedupeWindow } from '../src/fan-out/dedupe-window.ts';
import { PublishService } from '../src/fan-out/publish-service.ts';
import { SubscriberLists } from '../src/fan-out/subscriber-lists.ts';
import { createHttpPool } from '../src/upstream/http-pool.ts';

// PublishService against a real agent, with the upstream lookups replaced by functions.
describe('PublishService', () => {
  const pool = createHttpPool();
  let agent: TestAgent;
  let subscriptionDown = true;

  beforeAll(async () => {
    agent = await startTestAgent({ name: 'listener' });
  });
  afterAll(async () => {
    await agent.close();
    await pool.close();
  });

  const service = (headers = async () => ({})) => new PublishService({
    subscribers: new SubscriberLists({
      load: async () => {
        if (subscriptionDown) throw new Error('subscription: ECONNREFUSED');
        return ['listener'];
      },
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 10,
    }),
    endpoints: new EndpointResolver({
      lookup: async () => new Map([['listener', agent.endpoint]]),
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 10,
    }),
    dedupe: new DedupeWindow({ windowMs: 60_000, maxEntries: 100 }),
    dispatcher: pool,
    headers,
    agentKey: 'router',
    concurrency: 4,
    deliveryTimeoutMs: 1_000,
    replyMaxBytes: 1024 * 1024,
  });

  it('lets the same message id through again when the first try reached nobody', async () => {
    const publisher = service();
    const call = {
      eventType: 'job.done',
      jobId: null,
      payload: {},
      sender: { agentKey: 'p', agentUserId: 'u', messageId: 'm-1' },
      requestId: 'r',
    };

    const failed = await publisher.publish(call);
    expect(failed).toMatchObject({ kind: 'unavailable' });

    subscriptionDown = false;
    const retried = await publisher.publish(call);
    expect(retried).toMatchObject({ kind: 'published' });
    expect(agent.arrivals).toHaveLength(1);

    expect(await publisher.publish(call)).toEqual({ kind: 'duplicate' });
  });

  it('delivers nothing and frees the id when the router has no token of its own', async () => {
    const publisher = service(async () => {
      throw new Error('sentinel: ECONNREFUSED');
    });
    const before = agent.arrivals.length;
    const call = {
      eventType: 'job.done',
      jobId: null,
      payload: {},
      sender: { agentKey: 'p', agentUserId: 'u', messageId: 'm-2' },
      requestId: 'r',
    };

    expect(await publisher.publish(call)).toMatchObject({ kind: 'unavailable' });
    expect(await publisher.publish(call)).toMatchObject({ kind: 'unavailable' });
    expect(agent.arrivals).toHaveLength(before);
  });
});
