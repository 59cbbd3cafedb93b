import { describe, expect, it } from 'vitest';

import { Discovery } from '../src/discovery/discovery.ts';
import { EndpointResolver } from '../src/discovery/endpoint-resolver.ts';
import { SubscriberLists } from '../src/fan-out/subscriber-lists.ts';
import type { Candidate } from '../src/routing/route-request.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Discovery cache', () => {
  it('makes one registry call when many requests miss at once', async () => {
    let calls = 0;
    const discovery = new Discovery({
      discover: async () => {
        calls++;
        await sleep(20);
        return [{ agentKey: 'a', endpoint: 'http://127.0.0.1:1/a2a' }];
      },
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 10,
    });

    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) =>
      discovery.candidates({ capabilities: i % 2 ? ['x', 'y'] : ['y', 'x'] })));

    expect(calls).toBe(1);
    expect(answers.every((a) => a.candidates[0]?.agentKey === 'a')).toBe(true);
    expect((await discovery.candidates({ capabilities: ['x', 'y'] })).source).toBe('fresh');
  });

  it('serves the expired answer while the registry fails, for the stale window only', async () => {
    let failing = false;
    const found: Candidate[] = [{ agentKey: 'a', endpoint: 'http://127.0.0.1:1/a2a' }];
    const discovery = new Discovery({
      discover: async () => {
        if (failing) throw new Error('registry down');
        return found;
      },
      ttlMs: 20,
      staleOnErrorMs: 100,
      maxEntries: 10,
    });
    await discovery.candidates({ capabilities: ['x'] });
    failing = true;
    await sleep(40);

    expect((await discovery.candidates({ capabilities: ['x'] })).source).toBe('stale');
    await sleep(120);
    await expect(discovery.candidates({ capabilities: ['x'] })).rejects.toThrow('registry down');
  });

  it('keeps capability names and key/value pairs apart', async () => {
    const asked: unknown[] = [];
    const discovery = new Discovery({
      discover: async (requirements) => {
        asked.push(requirements);
        return [];
      },
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 10,
    });
    await discovery.candidates({ capabilities: ['a=b'] });
    await discovery.candidates({ capabilities: [{ key: 'a', value: 'b' }] });

    expect(asked).toEqual([
      { capabilities: ['a=b'] },
      { capabilities: [{ key: 'a', value: 'b' }] },
    ]);
  });
});

describe('EndpointResolver', () => {
  it('asks the registry only for keys it does not hold, in one call', async () => {
    const asked: string[][] = [];
    const resolver = new EndpointResolver({
      lookup: async (keys) => {
        asked.push(keys);
        return new Map(keys.filter((k) => k !== 'ghost').map((k) => [k, `http://${k}`]));
      },
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 100,
    });

    await resolver.resolve(['a', 'b']);
    const second = await resolver.resolve(['b', 'c', 'ghost']);

    expect(asked).toEqual([['a', 'b'], ['c', 'ghost']]);
    expect(second.get('b')).toEqual({ endpoint: 'http://b' });
    expect(second.get('ghost')).toMatchObject({ endpoint: null, reason: /not registered/ });
  });

  it('never sends keys the registry would reject; the other keys still resolve', async () => {
    const asked: string[][] = [];
    const resolver = new EndpointResolver({
      lookup: async (keys) => {
        asked.push(keys);
        // The registry fails the whole batch when any key breaks its pattern.
        if (keys.some((k) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(k))) {
          throw new Error('HTTP 400: agent_keys/0 must match pattern');
        }
        return new Map(keys.map((k) => [k, `http://${k}`]));
      },
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 100,
    });

    const answer = await resolver.resolve(['bad key!', 'good', '-dash', 'x'.repeat(201)]);
    expect(asked).toEqual([['good']]);
    expect(answer.get('good')).toEqual({ endpoint: 'http://good' });
    for (const bad of ['bad key!', '-dash', 'x'.repeat(201)]) {
      expect(answer.get(bad)).toMatchObject({ endpoint: null, reason: /not a valid agent key/ });
    }
  });

  it('falls back to stale endpoints and marks the rest unreachable when the registry fails',
    async () => {
      let failing = false;
      const resolver = new EndpointResolver({
        lookup: async (keys) => {
          if (failing) throw new Error('connect ECONNREFUSED');
          return new Map(keys.map((k) => [k, `http://${k}`]));
        },
        ttlMs: 10,
        staleOnErrorMs: 10_000,
        maxEntries: 100,
      });
      await resolver.resolve(['known']);
      failing = true;
      await sleep(20);

      const answer = await resolver.resolve(['known', 'new']);
      expect(answer.get('known')).toEqual({ endpoint: 'http://known' });
      expect(answer.get('new')).toMatchObject({ endpoint: null, reason: /registry unavailable/ });
    });
});

describe('SubscriberLists', () => {
  it('caches per event and bypasses the cache for large payloads', async () => {
    let calls = 0;
    const lists = new SubscriberLists({
      load: async () => {
        calls++;
        return ['a'];
      },
      ttlMs: 1_000,
      staleOnErrorMs: 0,
      maxEntries: 10,
      maxKeyLength: 200,
    });
    const small = { eventType: 't', jobId: null, payload: { s: 1 } };
    const large = { eventType: 't', jobId: null, payload: { s: 'x'.repeat(500) } };

    await lists.subscribers(small);
    expect((await lists.subscribers(small)).source).toBe('fresh');
    await lists.subscribers(large);
    await lists.subscribers(large);
    expect(calls).toBe(3);
  });
});
