/**
 * Collapses concurrent calls for the same key into one upstream call.
 *
 * While a call for `key` is in flight, later callers receive the same promise instead of
 * starting another call. Once it settles (resolved or rejected) the key is forgotten, so the
 * next caller starts a fresh call; results are not cached here (pair with `TtlCache` for that).
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  /** Runs `load` for `key` unless a call for that key is already running; then joins it. */
  run(key: K, load: () => Promise<V>): Promise<V> {
    const running = this.inFlight.get(key);
    if (running) return running;

    // Wrapping in an async function turns a synchronous throw into a rejection for every caller.
    const call = (async () => load())().finally(() => {
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, call);
    return call;
  }

  /** Number of keys with a call in flight (for tests and metrics). */
  get size(): number {
    return this.inFlight.size;
  }
}
