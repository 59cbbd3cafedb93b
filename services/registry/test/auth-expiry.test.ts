import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registration, startRegistry, type RegistryHarness } from './support.ts';

describe('expired agent tokens', () => {
  let registry: RegistryHarness;

  beforeAll(async () => {
    // Tokens live 2 s; the guard may cache for 60 s but never past a token's exp.
    registry = await startRegistry('postgres', { authCacheSeconds: 60 }, 2);
  });
  afterAll(() => registry.close());

  it('are refused once expired, even right after a cached success', async () => {
    const agent = await registry.agent();
    const headers = await agent.tokens.a2aHeaders();
    const first = await agent.call('/a2a/registry/register', registration('short-lived'), {
      headers,
    });
    expect(first.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const late = await agent.call(
      '/a2a/registry/heartbeat',
      { agent_key: 'short-lived' },
      { headers },
    );
    expect(late.status).toBe(401);

    // The agent's own client refreshes and gets in again.
    expect(
      (await agent.call('/a2a/registry/heartbeat', { agent_key: 'short-lived' })).status,
    ).toBe(204);
  });
});
