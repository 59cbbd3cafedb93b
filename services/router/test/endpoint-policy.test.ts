import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { callA2a, mintIdentity, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';
import { AgentPool, registerAgent } from './support.ts';

// AGENT_ENDPOINT_POLICY against real loopback agents: `public` refuses them at connect time,
// `any` (the default outside production) reaches them. The upstreams stay reachable either way.
describe('AGENT_ENDPOINT_POLICY', () => {
  let stack: Stack;
  let publicRouterUrl: string;
  let owner: AgentIdentity;
  let caller: AgentIdentity;
  const agents = new AgentPool();

  beforeAll(async () => {
    stack = await startStack();
    publicRouterUrl = await stack.startRouter({ AGENT_ENDPOINT_POLICY: 'public' });
    owner = await mintIdentity(stack.standinUrl);
    caller = await mintIdentity(stack.standinUrl);
  });
  afterEach(() => agents.closeAll());
  afterAll(async () => {
    await stack?.close();
  });

  async function loopbackAgent(host: string) {
    const capability = `cap-${randomUUID().slice(0, 8)}`;
    const agent = await agents.start(`${capability}-agent`);
    const endpoint = agent.endpoint.replace('127.0.0.1', host);
    await registerAgent(stack.registryUrl, owner, agent.name, endpoint, [capability]);
    return { capability, agent };
  }

  const route = (routerUrl: string, capability: string) =>
    callA2a(`${routerUrl}/a2a/route`, {
      action: 'router.route',
      identity: caller,
      senderAgentKey: 'caller-agent',
      payload: { capabilities: [capability], action: 'text.echo', payload: {} },
    });

  it.each(['127.0.0.1', 'localhost'])('public: refuses an agent at %s with a reason',
    async (host) => {
      const { capability, agent } = await loopbackAgent(host);
      const answer = await route(publicRouterUrl, capability);

      expect(answer.status).toBe(502);
      expect(answer.body.attempts[0]).toMatchObject({
        outcome: 'network_error',
        error: expect.stringMatching(/not a public address \(AGENT_ENDPOINT_POLICY=public\)/),
      });
      expect(agent.arrivals).toHaveLength(0);
    });

  it('any: reaches the same loopback agent', async () => {
    const { capability, agent } = await loopbackAgent('127.0.0.1');
    const answer = await route(stack.routerUrl, capability);

    expect(answer.status).toBe(200);
    expect(agent.arrivals).toHaveLength(1);
  });

  it('public: a refused subscriber is a failed delivery with the reason', async () => {
    const { agent } = await loopbackAgent('127.0.0.1');
    const eventType = `job.done.${randomUUID().slice(0, 8)}`;
    const subscribed = await callA2a(`${stack.subscriptionUrl}/a2a/subscriptions/subscribe`, {
      action: 'subscriptions.subscribe',
      identity: owner,
      senderAgentKey: agent.name,
      payload: { event_type: eventType },
    });
    expect(subscribed.status).toBe(201);

    const published = await callA2a(`${publicRouterUrl}/a2a/events/publish`, {
      action: 'events.publish',
      identity: caller,
      senderAgentKey: 'publisher-agent',
      payload: { event_type: eventType, payload: {} },
    });
    expect(published.status).toBe(200);
    expect(published.body.payload.deliveries).toEqual([expect.objectContaining({
      agent_key: agent.name,
      outcome: 'failed',
      error: expect.stringMatching(/not a public address/),
    })]);
    expect(agent.arrivals).toHaveLength(0);
  });
});
