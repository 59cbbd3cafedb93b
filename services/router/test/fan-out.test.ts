import { describe, expect, it } from 'vitest';

import { fanOut } from '../src/fan-out/fan-out.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });

describe('fanOut', () => {
  it('never runs more than `concurrency` deliveries at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await fanOut({
      items: Array.from({ length: 20 }, (_, i) => i),
      concurrency: 4,
      timeoutMs: 1_000,
      deliver: async (item) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        return item * 2;
      },
    });

    expect(peak).toBe(4);
    expect(results.map((r) => (r.ok ? r.value : null))).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 2),
    );
  });

  it('cuts a hanging delivery at the timeout and keeps the others', async () => {
    const results = await fanOut({
      items: ['hang', 'ok', 'boom'],
      concurrency: 3,
      timeoutMs: 50,
      deliver: async (item, signal) => {
        if (item === 'hang') await sleep(10_000, signal);
        if (item === 'boom') throw new Error('refused');
        return item;
      },
    });

    expect(results[0]).toMatchObject({ ok: false, timedOut: true });
    expect(results[1]).toMatchObject({ ok: true, value: 'ok' });
    expect(results[2]).toMatchObject({ ok: false, timedOut: false, error: 'refused' });
  });

  it('frees the slot on time even when a delivery ignores its abort signal', async () => {
    const order: string[] = [];
    await fanOut({
      items: ['stubborn', 'next'],
      concurrency: 1,
      timeoutMs: 30,
      deliver: async (item) => {
        if (item === 'stubborn') await sleep(2_000);
        order.push(item);
        return item;
      },
    });

    // With one slot, `next` could only have run after the stubborn delivery was given up on.
    expect(order).toEqual(['next']);
  });
});
