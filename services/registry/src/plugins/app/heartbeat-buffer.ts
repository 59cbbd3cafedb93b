import type { FastifyBaseLogger } from 'fastify';
import type { SqlRunner } from '../../../../kit/database/sql.ts';

/** Options of {@link HeartbeatBuffer}. */
export interface HeartbeatBufferOptions {
  /** Flush period in ms (HEARTBEAT_FLUSH_SECONDS). */
  readonly flushIntervalMs: number;
  /**
   * Most agents buffered; beyond it a flush starts at once. Default 50000. Memory is bounded by
   * the number of distinct agents, not by the number of pings.
   */
  readonly maxAgents?: number;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

// One statement for the whole batch; never moves a heartbeat backwards.
const FLUSH_SQL = `
UPDATE agents AS a
   SET last_heartbeat_at = GREATEST(a.last_heartbeat_at, p.seen_at)
  FROM unnest($1::uuid[], $2::timestamptz[]) AS p(id, seen_at)
 WHERE a.id = p.id`;

/**
 * Heartbeats in memory (latest per agent), written with one UPDATE per interval and on close.
 * Each replica buffers its own: another replica sees a heartbeat after the next flush, which is
 * why the config keeps HEARTBEAT_FLUSH_SECONDS at most half of HEARTBEAT_TTL_SECONDS.
 * A failed flush keeps its entries for the next one. Discovery reads `pending()` so a buffered
 * heartbeat counts at once.
 */
export class HeartbeatBuffer {
  private buffered = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly sql: SqlRunner,
    private readonly log: FastifyBaseLogger,
    private readonly options: HeartbeatBufferOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  record(agentId: string): void {
    this.buffered.set(agentId, this.now());
    if (this.buffered.size >= (this.options.maxAgents ?? 50_000)) void this.flush();
  }

  forget(agentId: string): void {
    this.buffered.delete(agentId);
  }

  /** Buffered heartbeats, agent id → epoch ms (a snapshot). */
  pending(): ReadonlyMap<string, number> {
    return new Map(this.buffered);
  }

  /** Writes the buffer; resolves with the number of agents written. One flush at a time. */
  flush(): Promise<number> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left (shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }

  private async write(): Promise<number> {
    if (this.buffered.size === 0) return 0;

    const batch = this.buffered;
    this.buffered = new Map();
    const ids = [...batch.keys()];
    const seen = ids.map((id) => new Date(batch.get(id) ?? 0).toISOString());
    try {
      await this.sql.query(FLUSH_SQL, [ids, seen]);
      this.log.debug({ agents: ids.length }, 'heartbeats flushed');
      return ids.length;
    } catch (error) {
      // Put them back unless a newer ping arrived meanwhile; the next interval retries.
      for (const [id, at] of batch) {
        if ((this.buffered.get(id) ?? 0) < at) this.buffered.set(id, at);
      }
      this.log.error({ err: error, agents: ids.length }, 'heartbeat flush failed');
      return 0;
    }
  }
}
