import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../kit/config.ts';
import { readRegistryConfig } from '../src/config.ts';
import { registration, startRegistry, type RegistryHarness, type TestAgent } from './support.ts';

// Findings of the adversarial test round: what a replayed router token, a squatter or a
// flood of registrations must not achieve. Real PostgreSQL, real HTTP on loopback.
describe('registry abuse limits (PostgreSQL)', () => {
  let registry: RegistryHarness;
  let alice: TestAgent;
  let bob: TestAgent;
  let router: TestAgent;

  beforeAll(async () => {
    registry = await startRegistry('postgres', { maxAgentsPerOwner: 3 });
    alice = await registry.agent();
    bob = await registry.agent();
    router = registry.reporter;
  });
  afterAll(() => registry.close());

  const agentsNamed = async (key: string) =>
    (
      await registry.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM agents WHERE agent_key = $1',
        [key],
      )
    )[0]?.n;
  const report = (agent: TestAgent) =>
    agent.call('/a2a/registry/stats.report', {
      reports: [{ agent_key: 'rigged-agent', success: true, latency_ms: 1 }],
    });

  it('lets only STATS_REPORTER_AGENT_USER_IDS report stats (403 for anyone else)', async () => {
    await alice.call('/a2a/registry/register', registration('rigged-agent'));

    const rigged = await alice.call('/a2a/registry/stats.report', {
      reports: Array.from({ length: 50 }, () => ({
        agent_key: 'rigged-agent',
        success: true,
        latency_ms: 1,
      })),
    });
    expect(rigged.status).toBe(403);
    expect(rigged.body.error.message).toMatch(/STATS_REPORTER_AGENT_USER_IDS/);
    expect(await registry.query('SELECT * FROM agent_stats')).toHaveLength(0);

    expect((await report(router)).status).toBe(200);
    expect(await registry.query('SELECT * FROM agent_stats')).toHaveLength(1);
  });

  it('gives the reporter (router) identity stats and discovery only, no writes', async () => {
    const writes: Array<[string, object]> = [
      ['/a2a/registry/register', registration('router-squat')],
      ['/a2a/registry/heartbeat', { agent_key: 'rigged-agent' }],
      ['/a2a/registry/deregister', { agent_key: 'rigged-agent' }],
      ['/a2a/catalog/publish', { agent_key: 'router-squat', version: '1.0.0', manifest: {} }],
      ['/a2a/catalog/unpublish', { agent_key: 'router-squat' }],
    ];
    for (const [path, payload] of writes) {
      const reply = await router.call(path, payload);
      expect(reply.status, path).toBe(403);
      expect(reply.body.error.message).toMatch(/may only report stats and discover/);
    }
    expect(await agentsNamed('router-squat')).toBe(0);
    expect(await agentsNamed('rigged-agent')).toBe(1);
    expect(await registry.query('SELECT * FROM catalog_manifests')).toHaveLength(0);

    const found = await router.call('/a2a/registry/discover', {
      requirements: { capabilities: ['translate'] },
    });
    expect(found.status).toBe(200);
  });

  it("refuses registering an agent under someone else's catalog key (403)", async () => {
    const published = await alice.call('/a2a/catalog/publish', {
      agent_key: 'alice-catalogued',
      version: '1.0.0',
      manifest: { info: { name: 'Alice' } },
    });
    expect(published.status).toBe(201);

    const squat = await bob.call('/a2a/registry/register', registration('alice-catalogued'));
    expect(squat.status).toBe(403);
    expect(squat.body.error.message).toMatch(/published in the catalog by another agent user/);
    expect(await agentsNamed('alice-catalogued')).toBe(0);

    // Bob gained nothing: he still cannot unpublish or publish under the key.
    expect(
      (await bob.call('/a2a/catalog/unpublish', { agent_key: 'alice-catalogued' })).status,
    ).toBe(403);

    const own = await alice.call('/a2a/registry/register', registration('alice-catalogued'));
    expect(own.status).toBe(200);
  });

  it('caps agents per owner (MAX_AGENTS_PER_OWNER) but still allows updates', async () => {
    // Alice owns rigged-agent and alice-catalogued; the cap in this suite is 3.
    expect((await alice.call('/a2a/registry/register', registration('alice-3'))).status).toBe(
      200,
    );
    const over = await alice.call('/a2a/registry/register', registration('alice-4'));
    expect(over.status).toBe(403);
    expect(over.body.error.message).toMatch(/already has 3 agents.*MAX_AGENTS_PER_OWNER/);
    expect(await agentsNamed('alice-4')).toBe(0);

    const update = await alice.call(
      '/a2a/registry/register',
      registration('alice-3', { version: '2.0.0' }),
    );
    expect(update.status).toBe(200);
    expect((await bob.call('/a2a/registry/register', registration('bob-1'))).status).toBe(200);

    await alice.call('/a2a/registry/deregister', { agent_key: 'alice-3' });
    expect((await alice.call('/a2a/registry/register', registration('alice-4'))).status).toBe(
      200,
    );
  });

  it('keeps the cap under concurrent registrations of new keys', async () => {
    const carol = await registry.agent();
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        carol.call('/a2a/registry/register', registration(`carol-${i}`)),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(3);
    expect(replies.filter((r) => r.status === 403)).toHaveLength(5);
    const [row] = await registry.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM agents WHERE owner_agent_user_id = $1',
      [carol.client.agentUserId],
    );
    expect(row?.n).toBe(3);
  });

  it('answers NUL characters and over-deep YAML manifests with 400, storing nothing', async () => {
    const nul = await alice.call('/a2a/registry/register', {
      ...registration('nul-agent'),
      description: 'bad\u0000byte',
    });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/NUL/);
    expect(await agentsNamed('nul-agent')).toBe(0);

    const nulQuery = await fetch(`${registry.url}/catalog/search?q=a%00b`);
    expect(nulQuery.status).toBe(400);

    const deepYaml = `a: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    const deep = await alice.call('/a2a/catalog/publish', {
      agent_key: 'alice-deep',
      version: '1.0.0',
      manifest: deepYaml,
    });
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toMatch(/nesting deeper than 64/);
  });

  it('refuses a YAML manifest with a __proto__ key like a JSON body', async () => {
    for (const manifest of ['__proto__:\n  admin: true\nname: x\n', '{"__proto__": {"a": 1}}']) {
      const reply = await alice.call('/a2a/catalog/publish', {
        agent_key: 'alice-proto',
        version: '1.0.0',
        manifest,
        ...(manifest.startsWith('{') ? { format: 'json' } : {}),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(/__proto__ is not allowed/);
    }
    expect(await registry.query("SELECT * FROM catalog_manifests WHERE agent_key = 'alice-proto'"))
      .toHaveLength(0);
  });
});

describe('STATS_REPORTER_AGENT_USER_IDS', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://registry@db.internal:5432/registry',
    TRAYLINX_API_BASE_URL: 'https://sentinel.example',
    TRAYLINX_CLIENT_ID: 'traylinx-registry',
    TRAYLINX_CLIENT_SECRET: 'a-long-enough-secret',
    TRAYLINX_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e01',
  };
  const router = '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03';

  it('is required in production: the registry refuses to start without it', () => {
    expect(() => readRegistryConfig(production)).toThrow(ConfigError);
    expect(() => readRegistryConfig(production)).toThrow(/STATS_REPORTER_AGENT_USER_IDS/);
  });

  it('takes comma-separated UUIDs and refuses anything else', () => {
    const config = readRegistryConfig({
      ...production,
      STATS_REPORTER_AGENT_USER_IDS: ` ${router.toUpperCase()} ,${router}`,
    });
    expect(config.statsReporterAgentUserIds).toEqual([router]);
    expect(() =>
      readRegistryConfig({ ...production, STATS_REPORTER_AGENT_USER_IDS: `${router},router` }),
    ).toThrow(/STATS_REPORTER_AGENT_USER_IDS must be comma-separated UUIDs/);
  });

  it('defaults to nobody outside production, and MAX_AGENTS_PER_OWNER to 100', () => {
    const config = readRegistryConfig({ NODE_ENV: 'test' });
    expect(config.statsReporterAgentUserIds).toEqual([]);
    expect(config.maxAgentsPerOwner).toBe(100);
    expect(() => readRegistryConfig({ NODE_ENV: 'test', MAX_AGENTS_PER_OWNER: '0' })).toThrow(
      /MAX_AGENTS_PER_OWNER/,
    );
  });
});
