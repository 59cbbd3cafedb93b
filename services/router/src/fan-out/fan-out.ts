import { describeError } from '../describe-error.ts';

/** How one delivery of a fan-out ended. */
export type DeliveryResult<R> =
  | { readonly ok: true; readonly value: R; readonly latency_ms: number }
  | {
      readonly ok: false;
      /** True when the delivery was cut by the per-delivery timeout. */
      readonly timedOut: boolean;
      readonly error: string;
      readonly latency_ms: number;
    };

/** Inputs of {@link fanOut}. */
export interface FanOutOptions<T, R> {
  readonly items: readonly T[];
  /** Deliveries running at once; >= 1. */
  readonly concurrency: number;
  /** Longest one delivery may take, in milliseconds, before it counts as failed. */
  readonly timeoutMs: number;
  /** Performs one delivery; should stop when `signal` aborts. */
  readonly deliver: (item: T, signal: AbortSignal) => Promise<R>;
}

/**
 * Delivers every item with at most `concurrency` in flight and a timeout per delivery, so one
 * slow or dead receiver holds one slot for at most `timeoutMs` and never fails the others.
 * Results come back in the order of `items`.
 */
export async function fanOut<T, R>(options: FanOutOptions<T, R>): Promise<DeliveryResult<R>[]> {
  const results = new Array<DeliveryResult<R>>(options.items.length);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < options.items.length) {
      const index = next++;
      results[index] = await deliverOne(options.items[index] as T, options);
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency, options.items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

const TIMED_OUT = Symbol('timed out');

async function deliverOne<T, R>(
  item: T,
  options: FanOutOptions<T, R>,
): Promise<DeliveryResult<R>> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;

  // The race frees the slot on time even if `deliver` ignores its signal.
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(TIMED_OUT);
    }, options.timeoutMs);
  });

  try {
    const outcome = await Promise.race([options.deliver(item, controller.signal), timeout]);
    const latency_ms = since(started);
    if (outcome === TIMED_OUT) {
      const error = `no answer within ${options.timeoutMs} ms`;
      return { ok: false, timedOut: true, error, latency_ms };
    }
    return { ok: true, value: outcome, latency_ms };
  } catch (error) {
    const latency_ms = since(started);
    const timedOut = controller.signal.aborted;
    const reason = timedOut ? `no answer within ${options.timeoutMs} ms` : describeError(error);
    return { ok: false, timedOut, error: reason, latency_ms };
  } finally {
    clearTimeout(timer);
  }
}

function since(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
