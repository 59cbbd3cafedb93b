/** Options of {@link StatsBatcher}. */
export interface StatsBatcherOptions<T> {
  /** Sends one batch; a failure drops the batch (stats are advisory, never retried). */
  readonly send: (batch: T[]) => Promise<void>;
  /** Flush at least this often, in ms. */
  readonly flushIntervalMs: number;
  /** Flush as soon as this many items wait; also the most items in one batch. */
  readonly maxBatch: number;
  /** Most items held; when full, the oldest are dropped and counted. */
  readonly maxBuffered: number;
  /** Called with the number of items dropped (buffer full or send failed). */
  readonly onDrop?: (count: number, reason: 'overflow' | 'send_failed') => void;
}

/**
 * Collects items off the hot path and sends them in batches on an interval, when a batch fills,
 * and on close. Memory is bounded: the buffer never holds more than `maxBuffered` items and
 * at most one send runs at a time.
 */
export class StatsBatcher<T> {
  private buffer: T[] = [];
  private sending: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: StatsBatcherOptions<T>) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** Queues one item; never waits and never throws. */
  add(item: T): void {
    if (this.closed) return;

    this.buffer.push(item);
    if (this.buffer.length > this.options.maxBuffered) {
      const excess = this.buffer.length - this.options.maxBuffered;
      this.buffer.splice(0, excess);
      this.options.onDrop?.(excess, 'overflow');
    }
    if (this.buffer.length >= this.options.maxBatch) void this.flush();
  }

  /** Sends what is buffered, one batch after another; resolves when the buffer is empty. */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;

    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.maxBatch);
      this.sending = this.options.send(batch).catch(() => {
        this.options.onDrop?.(batch.length, 'send_failed');
      });
      try {
        await this.sending;
      } finally {
        this.sending = undefined;
      }
    }
  }

  /** Stops the timer and sends what is left (called on shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
  }

  get pending(): number {
    return this.buffer.length;
  }
}
