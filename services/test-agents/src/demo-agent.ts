/**
 * A tiny demo agent for `npm run dev`: answers A2A messages, registers itself in the registry,
 * optionally subscribes to events, heartbeats, and on Ctrl-C unsubscribes and deregisters.
 * Development only.
 *
 *   npm run demo:agent -- --name translator --capability translate --port 9101
 *   npm run demo:agent -- --name auditor --subscribe job.done --port 9102
 *
 * Options (all optional but --name):
 *   --name KEY            agent key and name (required)
 *   --capability CAP      repeatable; `translate` or `key=value`; default `demo`
 *   --subscribe TYPE      repeatable; event type to subscribe to (wildcard job)
 *   --port N              listen port on 127.0.0.1; default 0 (random)
 *   --fail                answer every message with 500 (to watch the router fall back)
 * Env: TRAYLINX_API_BASE_URL (default http://127.0.0.1:8002, the stand-in), REGISTRY_URL
 * (default http://127.0.0.1:8000), SUBSCRIPTION_URL (default http://127.0.0.1:8001),
 * HEARTBEAT_SECONDS (default 10).
 */
import { parseArgs } from 'node:util';

import { callA2a, mintIdentity, type AgentIdentity } from './a2a-caller.ts';
import { startTestAgent } from './test-agent.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    capability: { type: 'string', multiple: true, default: [] },
    subscribe: { type: 'string', multiple: true, default: [] },
    port: { type: 'string', default: '0' },
    fail: { type: 'boolean', default: false },
  },
});

const name = values.name;
if (!name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
  process.stderr.write('demo-agent: --name KEY is required (letters, digits, . _ -)\n');
  process.exit(2);
}
const sentinelUrl = process.env.TRAYLINX_API_BASE_URL ?? 'http://127.0.0.1:8002';
const registryUrl = process.env.REGISTRY_URL ?? 'http://127.0.0.1:8000';
const subscriptionUrl = process.env.SUBSCRIPTION_URL ?? 'http://127.0.0.1:8001';
const heartbeatMs = Number(process.env.HEARTBEAT_SECONDS ?? 10) * 1_000;

const log = (event: string, fields: object = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), agent: name, event,
    ...fields })}\n`);

const identity = await mintIdentity(sentinelUrl);
log('identity minted', { client_id: identity.clientId, agent_user_id: identity.agentUserId });

const agent = await startTestAgent({
  name,
  behaviour: values.fail ? { mode: 'fail' } : { mode: 'ok' },
  port: Number(values.port),
  onArrival: (arrival) => log('message received', {
    from: arrival.headers['x-traylinx-original-sender'],
    body: arrival.body,
  }),
});
log('listening', { endpoint: agent.endpoint });

const a2a = (url: string, action: string, payload: unknown, who: AgentIdentity = identity) =>
  callA2a(url, { action, payload, identity: who, senderAgentKey: name });

// The registry wants at least one capability; an events-only agent gets `demo`.
const capabilities = (values.capability.length > 0 ? values.capability : ['demo']).map((c) => {
  const [key, value] = c.split('=', 2);
  return value === undefined ? key! : { key: key!, value };
});
const registered = await a2a(`${registryUrl}/a2a/registry/register`, 'registry.register', {
  agent_key: name,
  name,
  endpoint: agent.endpoint,
  capabilities,
  version: '0.1.0',
});
log('registered', { status: registered.status, error: registered.body?.error });

for (const eventType of values.subscribe) {
  const answer = await a2a(`${subscriptionUrl}/a2a/subscriptions/subscribe`,
    'subscriptions.subscribe', { event_type: eventType });
  log('subscribed', { event_type: eventType, status: answer.status, error: answer.body?.error });
}

const heartbeat = setInterval(() => {
  void a2a(`${registryUrl}/a2a/registry/heartbeat`, 'registry.heartbeat', { agent_key: name })
    .then((answer) => answer.status !== 204 && log('heartbeat failed', { status: answer.status }))
    .catch((error: Error) => log('heartbeat failed', { error: error.message }));
}, heartbeatMs);

process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

// Subscriptions belong to this run's minted identity; leaving them would block the agent key
// for the next run's identity (403), so they go with the agent.
async function stop(): Promise<void> {
  clearInterval(heartbeat);
  for (const eventType of values.subscribe) {
    await a2a(`${subscriptionUrl}/a2a/subscriptions/unsubscribe`, 'subscriptions.unsubscribe',
      { event_type: eventType }).catch(() => undefined);
  }
  await a2a(`${registryUrl}/a2a/registry/deregister`, 'registry.deregister', { agent_key: name })
    .catch(() => undefined);
  await agent.close();
  log('stopped');
  process.exit(0);
}
