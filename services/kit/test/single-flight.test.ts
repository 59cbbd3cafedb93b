import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../single-flight.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('makes one upstream call for many concurrent callers of the same key', async () => {
    const flights = new SingleFlight<string, number>();
    const upstream = deferred<number>();
    let calls = 0;
    const load = () => {
      calls += 1;
      return upstream.promise;
    };

    const callers = Array.from({ length: 20 }, () => flights.run('a', load));
    expect(calls).toBe(1);
    expect(flights.size).toBe(1);

    upstream.resolve(42);
    expect(await Promise.all(callers)).toEqual(Array(20).fill(42));
    expect(flights.size).toBe(0);
  });

  it('runs different keys independently', async () => {
    const flights = new SingleFlight<string, string>();
    let calls = 0;
    const results = await Promise.all(
      ['a', 'b', 'a', 'b'].map((key) =>
        flights.run(key, async () => {
          calls += 1;
          return key.toUpperCase();
        }),
      ),
    );
    expect(results).toEqual(['A', 'B', 'A', 'B']);
    expect(calls).toBe(2);
  });

  it('shares a failure with every waiting caller, then starts afresh', async () => {
    const flights = new SingleFlight<string, number>();
    const upstream = deferred<number>();
    const first = flights.run('k', () => upstream.promise);
    const second = flights.run('k', () => Promise.resolve(1));
    upstream.reject(new Error('upstream down'));

    await expect(first).rejects.toThrow('upstream down');
    await expect(second).rejects.toThrow('upstream down');
    await expect(flights.run('k', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('turns a synchronous throw into a rejection and forgets the key', async () => {
    const flights = new SingleFlight<string, number>();
    const boom = () => {
      throw new Error('sync');
    };
    await expect(flights.run('k', boom)).rejects.toThrow('sync');
    expect(flights.size).toBe(0);
  });
});
