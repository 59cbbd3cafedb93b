import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registration,
  startRegistry,
  type Backend,
  type RegistryHarness,
  type TestAgent,
} from './support.ts';

const translatorYaml = `
info:
  name: Acme Translator
  description: Translates documents between French and German
capabilities:
  - translate
  - key: lang
    value: fr
`;

describe.each<Backend>(['postgres', 'pglite'])('catalog on %s', (backend) => {
  let registry: RegistryHarness;
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    registry = await startRegistry(backend);
    alice = await registry.agent();
    bob = await registry.agent();
  });
  afterAll(() => registry.close());

  const manifests = async () =>
    (await registry.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_manifests'))[0]
      ?.n;
  const search = async (query: string) => {
    const response = await fetch(`${registry.url}/catalog/search?${query}`);
    return { status: response.status, body: await response.json() };
  };

  it('publishes YAML text and JSON objects as versions (201)', async () => {
    const yaml = await alice.call('/a2a/catalog/publish', {
      agent_key: 'acme-translator',
      version: '1.0.0',
      manifest: translatorYaml,
    });
    expect(yaml.status).toBe(201);
    expect(yaml.body.payload).toMatchObject({
      agent_key: 'acme-translator',
      version: '1.0.0',
      format: 'yaml',
    });

    const json = await alice.call('/a2a/catalog/publish', {
      agent_key: 'acme-translator',
      version: '1.1.0',
      manifest: { info: { name: 'Acme Translator', description: 'Now with Spanish' } },
    });
    expect(json.status).toBe(201);
    expect(json.body.payload.format).toBe('json');

    const text = await bob.call('/a2a/catalog/publish', {
      agent_key: 'bob-summariser',
      version: '0.1.0',
      format: 'json',
      manifest: '{"name": "Bob Summariser", "description": "Summarises long reports"}',
    });
    expect(text.status).toBe(201);
  });

  it('keeps versions immutable (409) and keys owned (403), changing nothing', async () => {
    const before = await manifests();
    const again = await alice.call('/a2a/catalog/publish', {
      agent_key: 'acme-translator',
      version: '1.0.0',
      manifest: { info: { name: 'Changed' } },
    });
    expect(again.status).toBe(409);
    const foreign = await bob.call('/a2a/catalog/publish', {
      agent_key: 'acme-translator',
      version: '9.9.9',
      manifest: { info: { name: 'Hijack' } },
    });
    expect(foreign.status).toBe(403);
    expect(await manifests()).toBe(before);
  });

  it("follows the registered agent's owner for keys never published", async () => {
    await alice.call('/a2a/registry/register', registration('alice-only'));
    const foreign = await bob.call('/a2a/catalog/publish', {
      agent_key: 'alice-only',
      version: '1.0.0',
      manifest: { name: 'x' },
    });
    expect(foreign.status).toBe(403);
  });

  it.each([
    ['broken YAML', { manifest: 'info: [unclosed' }, /not valid YAML/],
    ['a YAML scalar', { manifest: 'just text' }, /must be a YAML mapping/],
    ['broken JSON text', { manifest: '{"a":', format: 'json' }, /not valid JSON/],
    ['an array', { manifest: [1, 2] }, /manifest/],
    ['a bad version', { version: 'v 1' }, /version/],
    ['an unknown field', { signed: true }, /additional properties/],
  ])('rejects %s with 400 and stores nothing', async (_name, patch, reason) => {
    const before = await manifests();
    const reply = await alice.call('/a2a/catalog/publish', {
      agent_key: 'acme-translator',
      version: '2.0.0',
      manifest: { name: 'ok' },
      ...patch,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(reason);
    expect(await manifests()).toBe(before);
  });

  it('lists versions newest first, and 404 for unknown keys', async () => {
    const reply = await bob.call('/a2a/catalog/versions', { agent_key: 'acme-translator' });
    expect(reply.status).toBe(200);
    expect(reply.body.payload.versions.map((v: { version: string }) => v.version)).toEqual([
      '1.1.0',
      '1.0.0',
    ]);
    expect((await bob.call('/a2a/catalog/versions', { agent_key: 'nobody' })).status).toBe(404);
  });

  it('searches manifests publicly with stemming, one hit per agent, paged', async () => {
    const hit = await search('q=translation');
    expect(hit.status).toBe(200);
    expect(hit.body.total).toBe(1);
    expect(hit.body.results[0]).toMatchObject({
      agent_key: 'acme-translator',
      version: '1.1.0',
      name: 'Acme Translator',
    });

    const both = await search(`q=${encodeURIComponent('acme OR reports')}&limit=1`);
    expect(both.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(both.body.results).toHaveLength(1);
    const page2 = await search(`q=${encodeURIComponent('acme OR reports')}&limit=1&offset=1`);
    expect(page2.body.results[0].agent_key).not.toBe(both.body.results[0].agent_key);

    expect((await search('q=zebra')).body).toMatchObject({ total: 0, results: [] });
  });

  it.each([
    ['no query', ''],
    ['an empty query', 'q='],
    ['a huge limit', 'q=a&limit=500'],
    ['a non-numeric offset', 'q=a&offset=two'],
    ['an unknown parameter', 'q=a&sort=desc'],
  ])('answers search with %s by 400', async (_name, query) => {
    const reply = await search(query);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
  });

  it("serves one agent's newest manifest and versions publicly", async () => {
    const response = await fetch(`${registry.url}/catalog/agents/acme-translator`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.latest).toMatchObject({
      version: '1.1.0',
      manifest: { info: { description: 'Now with Spanish' } },
    });
    expect(body.versions).toHaveLength(2);
    expect((await fetch(`${registry.url}/catalog/agents/nobody`)).status).toBe(404);
  });

  it('unpublishes one version or all, owner only', async () => {
    expect(
      (await bob.call('/a2a/catalog/unpublish', { agent_key: 'acme-translator' })).status,
    ).toBe(403);
    const one = await alice.call('/a2a/catalog/unpublish', {
      agent_key: 'acme-translator',
      version: '1.1.0',
    });
    expect(one.body.payload).toEqual({ agent_key: 'acme-translator', removed: ['1.1.0'] });
    expect((await search('q=spanish')).body.total).toBe(0);

    const all = await alice.call('/a2a/catalog/unpublish', { agent_key: 'acme-translator' });
    expect(all.body.payload.removed).toEqual(['1.0.0']);
    expect(
      (await alice.call('/a2a/catalog/unpublish', { agent_key: 'acme-translator' })).status,
    ).toBe(404);
  });
});
