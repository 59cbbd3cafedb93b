import { describe, expect, it } from 'vitest';
import { TtlCache } from '../ttl-cache.ts';
import { LoadingCache } from '../loading-cache.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TtlCache', () => {
  it('expires entries after their TTL', () => {
    const time = clock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 100, now: time.now });
    cache.set('a', 1);
    time.advance(99);
    expect(cache.get('a')).toBe(1);
    time.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('honours a per-entry TTL and stores nothing for ttl <= 0', () => {
    const time = clock();
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 1_000, now: time.now });
    cache.set('short', 1, 10);
    cache.set('never', 2, 0);
    time.advance(10);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('never')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded and evicts the least recently used entry', () => {
    const cache = new TtlCache<string, number>({ maxEntries: 2, ttlMs: 1_000 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('serves expired entries through getStale only inside the stale window', () => {
    const time = clock();
    const cache = new TtlCache<string, number>({
      maxEntries: 10,
      ttlMs: 100,
      staleWhileErrorMs: 50,
      now: time.now,
    });
    cache.set('a', 1);
    time.advance(120);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.getStale('a')).toBe(1);
    time.advance(30);
    expect(cache.getStale('a')).toBeUndefined();
  });

  it('rejects nonsense bounds', () => {
    expect(() => new TtlCache({ maxEntries: 0, ttlMs: 1 })).toThrow(/maxEntries/);
    expect(() => new TtlCache({ maxEntries: 1, ttlMs: 0 })).toThrow(/ttlMs/);
  });
});

describe('LoadingCache', () => {
  it('loads a miss once for concurrent callers, then serves it fresh', async () => {
    let loads = 0;
    const cache = new LoadingCache<string, string>({ maxEntries: 10, ttlMs: 1_000 }, async (k) => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `v:${k}`;
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('x')));
    expect(answers).toEqual(Array(10).fill('v:x'));
    expect(loads).toBe(1);
    expect(await cache.getWithSource('x')).toEqual({ value: 'v:x', source: 'fresh' });
  });

  it('falls back to the stale value when the upstream fails, and fails without one', async () => {
    const time = clock();
    let healthy = true;
    const cache = new LoadingCache<string, number>(
      { maxEntries: 10, ttlMs: 100, staleWhileErrorMs: 1_000, now: time.now },
      async () => {
        if (!healthy) throw new Error('registry down');
        return 5;
      },
    );
    expect(await cache.get('k')).toBe(5);

    healthy = false;
    time.advance(200);
    expect(await cache.getWithSource('k')).toEqual({ value: 5, source: 'stale' });
    await expect(cache.get('other')).rejects.toThrow('registry down');

    time.advance(1_000);
    await expect(cache.get('k')).rejects.toThrow('registry down');
  });
});
