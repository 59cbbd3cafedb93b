import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistryConfig } from '../src/config.ts';
import { registration, startRegistry, type RegistryHarness, type TestAgent } from './support.ts';

// The router forwards its agent-facing token to every agent it calls; an agent replaying it
// must get discovery and nothing else. Real PostgreSQL, real HTTP on loopback.
describe('ROUTER_AGENT_USER_IDS (PostgreSQL)', () => {
  let registry: RegistryHarness;
  let alice: TestAgent;

  beforeAll(async () => {
    registry = await startRegistry('postgres');
    alice = await registry.agent();
    await alice.call('/a2a/registry/register', registration('alice-agent'));
  });
  afterAll(() => registry.close());

  it('refuses stats.report from the agent-facing router id, storing nothing', async () => {
    const rigged = await registry.router.call('/a2a/registry/stats.report', {
      reports: [{ agent_key: 'alice-agent', success: true, latency_ms: 1 }],
    });
    expect(rigged.status).toBe(403);
    expect(rigged.body.error.message).toMatch(/ROUTER_AGENT_USER_IDS.*may not report stats/);
    expect(await registry.query('SELECT * FROM agent_stats')).toHaveLength(0);

    const honest = await registry.reporter.call('/a2a/registry/stats.report', {
      reports: [{ agent_key: 'alice-agent', success: true, latency_ms: 1 }],
    });
    expect(honest.status).toBe(200);
  });

  it('refuses every write from the agent-facing router id, but lets it discover', async () => {
    const writes: Array<[string, object]> = [
      ['/a2a/registry/register', registration('router-squat')],
      ['/a2a/registry/heartbeat', { agent_key: 'alice-agent' }],
      ['/a2a/registry/deregister', { agent_key: 'alice-agent' }],
      ['/a2a/catalog/publish', { agent_key: 'router-squat', version: '1.0.0', manifest: {} }],
      ['/a2a/catalog/unpublish', { agent_key: 'alice-agent' }],
    ];
    for (const [path, payload] of writes) {
      const reply = await registry.router.call(path, payload);
      expect(reply.status, path).toBe(403);
      expect(reply.body.error.message).toMatch(/ROUTER_AGENT_USER_IDS\) may only discover/);
    }
    expect(await registry.query("SELECT * FROM agents WHERE agent_key = 'router-squat'"))
      .toHaveLength(0);
    expect(await registry.query('SELECT * FROM catalog_manifests')).toHaveLength(0);

    const found = await registry.router.call('/a2a/registry/discover', {
      requirements: { capabilities: ['translate'] },
    });
    expect(found.status).toBe(200);
    expect(found.body.payload.agents.map((a: { agent_key: string }) => a.agent_key))
      .toContain('alice-agent');
  });
});

describe('ROUTER_AGENT_USER_IDS config', () => {
  const router = '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03';
  const upstream = '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e05';

  it('takes comma-separated UUIDs, defaults to none, refuses overlap with reporters', () => {
    expect(readRegistryConfig({}).routerAgentUserIds).toEqual([]);
    const config = readRegistryConfig({
      ROUTER_AGENT_USER_IDS: ` ${router.toUpperCase()} `,
      STATS_REPORTER_AGENT_USER_IDS: upstream,
    });
    expect(config.routerAgentUserIds).toEqual([router]);
    expect(() => readRegistryConfig({ ROUTER_AGENT_USER_IDS: 'router' })).toThrow(
      /ROUTER_AGENT_USER_IDS must be comma-separated UUIDs/,
    );
    expect(() =>
      readRegistryConfig({
        ROUTER_AGENT_USER_IDS: router,
        STATS_REPORTER_AGENT_USER_IDS: `${upstream},${router}`,
      }),
    ).toThrow(/must not share ids/);
  });
});
