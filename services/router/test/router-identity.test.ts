import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callA2a, mintIdentity, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';

// Every agent the router calls receives its agent-facing token and could replay it. Neither of
// the router's identities may call the router itself, and the agent-facing one may not report
// stats (only the upstream identity, which agents never see, may).
describe('the router\'s two identities', () => {
  let stack: Stack;
  let stranger: AgentIdentity;

  beforeAll(async () => {
    stack = await startStack();
    stranger = await mintIdentity(stack.standinUrl);
  });
  afterAll(() => stack?.close());

  const publish = (identity: AgentIdentity) =>
    callA2a(`${stack.routerUrl}/a2a/events/publish`, {
      action: 'events.publish',
      identity,
      payload: { event_type: `job.done.${randomUUID().slice(0, 8)}`, payload: {} },
    });
  const route = (identity: AgentIdentity) =>
    callA2a(`${stack.routerUrl}/a2a/route`, {
      action: 'router.route',
      identity,
      payload: { capabilities: [`cap-${randomUUID().slice(0, 8)}`], action: 'x', payload: {} },
    });
  const report = (identity: AgentIdentity) =>
    callA2a(`${stack.registryUrl}/a2a/registry/stats.report`, {
      action: 'registry.stats.report',
      identity,
      payload: { reports: [{ agent_key: 'rigged', success: true, latency_ms: 1 }] },
    });

  it('refuses /a2a calls authenticated as either router identity with 403', async () => {
    for (const identity of [stack.routerIdentity, stack.routerUpstreamIdentity]) {
      for (const answer of [await publish(identity), await route(identity)]) {
        expect(answer.status).toBe(403);
        expect(answer.body.error.code).toBe('forbidden');
      }
    }

    // Anyone else gets through the identity check (no subscribers, no agent: not 403).
    expect((await publish(stranger)).status).toBe(200);
    expect((await route(stranger)).status).toBe(404);
  });

  it('lets only the upstream identity report stats to the registry', async () => {
    expect((await report(stack.routerIdentity)).status).toBe(403);
    expect((await report(stranger)).status).toBe(403);
    expect((await report(stack.routerUpstreamIdentity)).status).toBe(200);
  });

  it('keeps both router identities away from subscribing; the upstream one lists', async () => {
    const subscribe = (identity: AgentIdentity) =>
      callA2a(`${stack.subscriptionUrl}/a2a/subscriptions/subscribe`, {
        action: 'subscriptions.subscribe',
        identity,
        payload: { event_type: 'job.done' },
      });
    expect((await subscribe(stack.routerIdentity)).status).toBe(403);
    expect((await subscribe(stack.routerUpstreamIdentity)).status).toBe(403);

    const listed = await callA2a(`${stack.subscriptionUrl}/a2a/subscriptions/subscribers`, {
      action: 'subscriptions.subscribers',
      identity: stack.routerUpstreamIdentity,
      payload: { event_type: 'job.done', payload: {}, limit: 10 },
    });
    expect(listed.status).toBe(200);
  });
});
