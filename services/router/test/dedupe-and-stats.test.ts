import { describe, expect, it } from 'vitest';

import { DedupeWindow } from '../src/fan-out/dedupe-window.ts';
import { StatsBatcher } from '../src/stats/stats-batcher.ts';

describe('DedupeWindow', () => {
  it('blocks a repeat from the same sender within the window only', () => {
    let now = 0;
    const window = new DedupeWindow({ windowMs: 1_000, maxEntries: 10, now: () => now });

    expect(window.claim('agent-1', 'm1')).toBe(true);
    expect(window.claim('agent-1', 'm1')).toBe(false);
    expect(window.claim('agent-2', 'm1')).toBe(true);

    now = 1_001;
    expect(window.claim('agent-1', 'm1')).toBe(true);
  });
});

describe('StatsBatcher', () => {
  it('sends in batches of at most maxBatch and everything on close', async () => {
    const batches: number[][] = [];
    const batcher = new StatsBatcher<number>({
      send: async (batch) => void batches.push(batch),
      flushIntervalMs: 60_000,
      maxBatch: 3,
      maxBuffered: 100,
    });
    for (let i = 0; i < 7; i++) batcher.add(i);
    await batcher.close();

    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
  });

  it('flushes on its interval without a full batch', async () => {
    const sent: number[] = [];
    const batcher = new StatsBatcher<number>({
      send: async (batch) => void sent.push(...batch),
      flushIntervalMs: 20,
      maxBatch: 100,
      maxBuffered: 100,
    });
    batcher.add(1);
    await new Promise((resolve) => setTimeout(resolve, 80));

    expect(sent).toEqual([1]);
    await batcher.close();
  });

  it('keeps at most maxBuffered items and counts what it drops', async () => {
    const dropped: Array<[number, string]> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: number[] = [];
    const batcher = new StatsBatcher<number>({
      send: async (batch) => {
        await gate;
        sent.push(...batch);
      },
      flushIntervalMs: 60_000,
      maxBatch: 2,
      maxBuffered: 4,
      onDrop: (count, reason) => dropped.push([count, reason]),
    });

    // The first batch [0, 1] is in flight and stuck; 2..9 pile up behind it, capped at 4.
    for (let i = 0; i < 10; i++) batcher.add(i);
    expect(batcher.pending).toBeLessThanOrEqual(4);
    release();
    await batcher.close();

    expect(sent.slice(0, 2)).toEqual([0, 1]);
    expect(sent.slice(2)).toEqual([6, 7, 8, 9]);
    expect(dropped.reduce((sum, [count]) => sum + count, 0)).toBe(4);
  });

  it('drops a batch whose send fails instead of retrying it forever', async () => {
    const dropped: string[] = [];
    const batcher = new StatsBatcher<number>({
      send: async () => {
        throw new Error('registry down');
      },
      flushIntervalMs: 60_000,
      maxBatch: 10,
      maxBuffered: 10,
      onDrop: (_count, reason) => dropped.push(reason),
    });
    batcher.add(1);
    await batcher.close();

    expect(dropped).toEqual(['send_failed']);
    expect(batcher.pending).toBe(0);
  });
});
