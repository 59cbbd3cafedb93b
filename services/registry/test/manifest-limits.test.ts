import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES } from '../src/plugins/app/manifest.ts';
import { startRegistry, type RegistryHarness, type TestAgent } from './support.ts';

// Manifest text that cannot be stored, or expands past what a body could carry, is a 400;
// one agent key cannot pile up versions without bound. Real PostgreSQL, real HTTP.
describe('catalog manifest limits (PostgreSQL)', () => {
  let registry: RegistryHarness;
  let alice: TestAgent;

  beforeAll(async () => {
    registry = await startRegistry('postgres', { maxVersionsPerAgent: 2 });
    alice = await registry.agent();
  });
  afterAll(() => registry.close());

  const stored = async (key: string) =>
    registry.query('SELECT version FROM catalog_manifests WHERE agent_key = $1', [key]);
  const publish = (version: string, manifest: unknown, format?: 'json' | 'yaml') =>
    alice.call('/a2a/catalog/publish', {
      agent_key: 'alice-limits',
      version,
      manifest,
      ...(format ? { format } : {}),
    });

  it('bounds the expanded size of YAML aliases, storing nothing', async () => {
    // 20 KB of text, 49 aliases of a 10 KB string: about 500 KB once expanded.
    const text = `big: &s "${'x'.repeat(10_000)}"\ncopies: [${Array(49).fill('*s').join(', ')}]\n`;
    expect(text.length).toBeLessThan(MAX_MANIFEST_BYTES);

    const reply = await publish('1.0.0', text);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/expands to \d+ bytes of JSON, more than the 262144/);
    expect(await stored('alice-limits')).toHaveLength(0);

    const few = `big: &s "${'x'.repeat(1_000)}"\ncopies: [*s, *s]\n`;
    expect((await publish('1.0.0', few)).status).toBe(201);
    await alice.call('/a2a/catalog/unpublish', { agent_key: 'alice-limits' });
  });

  it('refuses lone UTF-16 surrogates in YAML and JSON manifest text (400, not 500)', async () => {
    const texts: Array<[string, 'json' | 'yaml']> = [
      ['name: "x\\ud800"\n', 'yaml'],
      ['"\\udc00": 1\n', 'yaml'],
      ['{"name": "x\\ud800"}', 'json'],
      ['{"\\udc00": 1}', 'json'],
    ];
    for (const [text, format] of texts) {
      const reply = await publish('1.0.0', text, format);
      expect(reply.status, text).toBe(400);
      expect(reply.body.error.message).toMatch(/lone UTF-16 surrogates/);
    }
    expect(await stored('alice-limits')).toHaveLength(0);

    // A proper pair (an emoji) is fine.
    expect((await publish('1.0.0', 'name: "\\ud83d\\ude00"\n')).status).toBe(201);
    await alice.call('/a2a/catalog/unpublish', { agent_key: 'alice-limits' });
  });

  it('caps versions per key (MAX_VERSIONS_PER_AGENT); a republish is still 409', async () => {
    expect((await publish('1.0.0', { v: 1 })).status).toBe(201);
    expect((await publish('1.0.1', { v: 2 })).status).toBe(201);

    const over = await publish('1.0.2', { v: 3 });
    expect(over.status).toBe(403);
    expect(over.body.error.message).toMatch(/holds 2 versions.*MAX_VERSIONS_PER_AGENT \(2\)/);
    expect((await publish('1.0.0', { v: 1 })).status).toBe(409);
    expect(await stored('alice-limits')).toHaveLength(2);

    await alice.call('/a2a/catalog/unpublish', { agent_key: 'alice-limits', version: '1.0.0' });
    expect((await publish('1.0.2', { v: 3 })).status).toBe(201);
  });
});
