import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistryConfig } from '../src/config.ts';
import { registration, startRegistry, type RegistryHarness } from './support.ts';

describe('periodic heartbeat flush', () => {
  let registry: RegistryHarness;

  beforeAll(async () => {
    registry = await startRegistry('postgres', { heartbeatFlushSeconds: 1 });
  });
  afterAll(() => registry.close());

  it('writes buffered heartbeats on its own every HEARTBEAT_FLUSH_SECONDS', async () => {
    const agent = await registry.agent();
    await agent.call('/a2a/registry/register', registration('ticking'));
    registry.clock.advance(5_000);
    await agent.call('/a2a/registry/heartbeat', { agent_key: 'ticking' });

    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const [row] = await registry.query<{ at: Date }>(
      `SELECT last_heartbeat_at AS at FROM agents WHERE agent_key = 'ticking'`,
    );
    expect(new Date(row?.at ?? 0).getTime()).toBe(registry.clock.now());
    expect(registry.app.registry.heartbeats.pending().size).toBe(0);
  });
});

describe('registry configuration', () => {
  it('adds its own variables to the shared report', () => {
    expect(() => readRegistryConfig({ HEARTBEAT_TTL_SECONDS: '4', PORT: '0x' })).toThrow(
      /PORT must be an integer[\s\S]*HEARTBEAT_TTL_SECONDS must be an integer from 5 to 86400/,
    );
    expect(() =>
      readRegistryConfig({ HEARTBEAT_TTL_SECONDS: '10', HEARTBEAT_FLUSH_SECONDS: '6' }),
    ).toThrow(
      /HEARTBEAT_FLUSH_SECONDS \(6\) must be at most half of HEARTBEAT_TTL_SECONDS \(10\)/,
    );
    expect(readRegistryConfig({})).toMatchObject({
      port: 8000,
      heartbeatTtlSeconds: 90,
      heartbeatFlushSeconds: 5,
      agentKey: 'traylinx-registry',
    });
  });
});
