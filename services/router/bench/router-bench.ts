/**
 * Router bench: `npm run bench`. Runs the whole stack in this process on loopback (stand-in,
 * registry and subscription on in-memory PGlite, routers, test agents) and prints each
 * measurement as a ratio against a baseline measured in the same run, so the numbers compare
 * designs rather than machines. Nothing here asserts timings.
 *
 *   fan-out    one event to 50 subscribers that each take 20 ms: FANOUT_CONCURRENCY=16 vs 1
 *   discovery  sequential routed calls: cached discovery (TTL 60 s) vs a miss on every call
 */
import { randomUUID } from 'node:crypto';

import { callA2a, mintIdentity, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';
import { startTestAgent, type TestAgent } from '../../test-agents/src/test-agent.ts';
import { registerAgent } from '../test/support.ts';

const SUBSCRIBERS = 50;
const AGENT_DELAY_MS = 20;
const PUBLISHES = 5;
const ROUTED_CALLS = 200;

const stack = await startStack();
const agents: TestAgent[] = [];
try {
  const owner = await mintIdentity(stack.standinUrl);
  const caller = await mintIdentity(stack.standinUrl);

  const fanOut = await benchFanOut(stack, owner, caller);
  const discovery = await benchDiscovery(stack, owner, caller);

  const rows = [
    ['fan-out to 50 (concurrency 16 vs serial)', fanOut.parallel, fanOut.serial],
    ['routed call (cached vs uncached discovery)', discovery.cached, discovery.uncached],
  ] as const;
  process.stdout.write('measurement                                   candidate   baseline   ' +
    'speed-up\n');
  for (const [name, candidate, baseline] of rows) {
    process.stdout.write(`${name.padEnd(45)} ${ms(candidate)} ${ms(baseline)}  ` +
      `${(baseline / candidate).toFixed(1)}x\n`);
  }
} finally {
  await Promise.all(agents.map((agent) => agent.close()));
  await stack.close();
}

async function benchFanOut(stack: Stack, owner: AgentIdentity, caller: AgentIdentity) {
  const eventType = 'bench.fanout';
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const key = `bench-sub-${i}`;
    const behaviour = { mode: 'ok', delayMs: AGENT_DELAY_MS } as const;
    const agent = await startTestAgent({ name: key, behaviour });
    agents.push(agent);
    await registerAgent(stack.registryUrl, owner, key, agent.endpoint, ['bench']);
    await callA2a(`${stack.subscriptionUrl}/a2a/subscriptions/subscribe`, {
      action: 'subscriptions.subscribe',
      identity: owner,
      senderAgentKey: key,
      payload: { event_type: eventType },
    });
  }

  const median = async (routerUrl: string) => {
    const times: number[] = [];
    // One warm-up publish fills the caches and the connection pools.
    for (let i = 0; i <= PUBLISHES; i++) {
      const started = performance.now();
      const answer = await callA2a(`${routerUrl}/a2a/events/publish`, {
        action: 'events.publish',
        identity: caller,
        messageId: randomUUID(),
        payload: { event_type: eventType, payload: {} },
      });
      if (answer.body?.payload?.delivered !== SUBSCRIBERS) throw new Error('fan-out incomplete');
      if (i > 0) times.push(performance.now() - started);
    }
    return medianOf(times);
  };

  const parallel = await median(await stack.startRouter({ FANOUT_CONCURRENCY: '16' }));
  const serial = await median(await stack.startRouter({ FANOUT_CONCURRENCY: '1' }));
  return { parallel, serial };
}

async function benchDiscovery(stack: Stack, owner: AgentIdentity, caller: AgentIdentity) {
  const agent = await startTestAgent({ name: 'bench-route' });
  agents.push(agent);
  await registerAgent(stack.registryUrl, owner, 'bench-route', agent.endpoint, ['bench-route']);

  const perCall = async (routerUrl: string) => {
    const call = () => callA2a(`${routerUrl}/a2a/route`, {
      action: 'router.route',
      identity: caller,
      payload: { capabilities: ['bench-route'], action: 'a', payload: {} },
    });
    await call();
    const started = performance.now();
    for (let i = 0; i < ROUTED_CALLS; i++) {
      if ((await call()).status !== 200) throw new Error('routed call failed');
    }
    return (performance.now() - started) / ROUTED_CALLS;
  };

  const cached = await perCall(await stack.startRouter({ DISCOVERY_CACHE_TTL_MS: '60000' }));
  const uncached = await perCall(await stack.startRouter({ DISCOVERY_CACHE_TTL_MS: '1' }));
  return { cached, uncached };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function ms(value: number): string {
  return `${value.toFixed(1).padStart(7)} ms`;
}
