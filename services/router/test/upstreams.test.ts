import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callA2a, mintIdentity, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';
import { AgentPool, registerAgent } from './support.ts';

// An upstream outage: the registry goes away mid-run. The router keeps routing from its stale
// cache for a bounded time, reports the outage, and stays ready.
describe('router upstream outage', () => {
  let stack: Stack;
  let owner: AgentIdentity;
  let caller: AgentIdentity;
  let routerUrl: string;
  const agents = new AgentPool();

  beforeAll(async () => {
    // Databases on in-memory PGlite: this file is about the router, not storage.
    stack = await startStack();
    routerUrl = await stack.startRouter({
      DISCOVERY_CACHE_TTL_MS: '50',
      CACHE_STALE_ON_ERROR_MS: '60000',
      UPSTREAM_TIMEOUT_MS: '500',
    });
    owner = await mintIdentity(stack.standinUrl);
    caller = await mintIdentity(stack.standinUrl);
  });
  afterAll(async () => {
    await agents.closeAll();
    await stack?.close();
  });

  const route = (capability: string) =>
    callA2a(`${routerUrl}/a2a/route`, {
      action: 'router.route',
      identity: caller,
      payload: { capabilities: [capability], action: 'a', payload: {} },
    });
  const upstreams = async () => (await fetch(`${routerUrl}/health/upstreams`)).json();

  it('serves stale discovery, reports the registry down and stays ready', async () => {
    const agent = await agents.start('outage-agent');
    await registerAgent(stack.registryUrl, owner, 'outage-agent', agent.endpoint, ['survive']);

    const before = await route('survive');
    expect(before.status).toBe(200);
    expect(before.body.routing.discovery).toBe('loaded');
    expect((await upstreams()).upstreams.registry.up).toBe(true);

    await stack.registry.close();
    await new Promise((resolve) => setTimeout(resolve, 80));

    const during = await route('survive');
    expect(during.status).toBe(200);
    expect(during.body.routing.discovery).toBe('stale');
    expect(agent.arrivals).toHaveLength(2);

    const health = (await upstreams()).upstreams;
    expect(health.registry).toMatchObject({ up: false });
    expect(health.registry.last_error).toBeTruthy();

    const ready = await fetch(`${routerUrl}/ready`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${routerUrl}/metrics`)).text();
    expect(metrics).toMatch(/traylinx_upstream_up\{upstream="registry"[^}]*\} 0/);
    expect(metrics).toMatch(/http_request_duration_seconds/);
  });

  it('answers 503 to a publish when the subscription service is unreachable', async () => {
    const dead = await stack.startRouter({ SUBSCRIPTION_URL: 'http://127.0.0.1:1' });
    const answer = await callA2a(`${dead}/a2a/events/publish`, {
      action: 'events.publish',
      identity: caller,
      payload: { event_type: 'job.done', payload: {} },
    });

    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('service_unavailable');
  });

  it('answers 503 for requirements it has never cached while the registry is down', async () => {
    const answer = await route('never-seen');
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('registry_unavailable');
  });
});
