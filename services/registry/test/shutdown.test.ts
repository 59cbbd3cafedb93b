import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registration, startRegistry, type RegistryHarness } from './support.ts';

describe('registry shutdown', () => {
  let registry: RegistryHarness;

  beforeAll(async () => {
    registry = await startRegistry('postgres', { heartbeatFlushSeconds: 60 });
  });
  afterAll(() => registry.close());

  it('flushes buffered heartbeats before closing the database', async () => {
    const agent = await registry.agent();
    await agent.call('/a2a/registry/register', registration('closing-agent'));
    registry.clock.advance(30_000);
    expect(
      (await agent.call('/a2a/registry/heartbeat', { agent_key: 'closing-agent' })).status,
    ).toBe(204);

    await registry.app.close();

    const client = new pg.Client({ connectionString: registry.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT last_heartbeat_at AS at FROM agents WHERE agent_key = 'closing-agent'`,
      );
      expect(new Date(rows[0].at).getTime()).toBe(registry.clock.now());
    } finally {
      await client.end();
    }
  });
});
