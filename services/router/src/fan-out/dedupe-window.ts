import { TtlCache } from '../../../kit/ttl-cache.ts';

/** Options of {@link DedupeWindow}. */
export interface DedupeWindowOptions {
  /** How long a seen message id blocks a repeat, in ms. */
  readonly windowMs: number;
  /** Most ids remembered; beyond it the oldest is forgotten early. */
  readonly maxEntries: number;
  readonly now?: () => number;
}

/**
 * Remembers message ids this router has accepted so a repeat within the window is not
 * delivered twice. Ids are scoped by the authenticated sender, so one agent cannot suppress
 * another's events by reusing its ids.
 *
 * TODO: the memory is per router replica; a repeat sent to another replica is delivered again.
 * Cross-replica dedupe needs shared state (the issue rules out Redis); receivers get the
 * original id as `event_id` so they can dedupe themselves.
 */
export class DedupeWindow {
  private readonly seen: TtlCache<string, true>;

  constructor(options: DedupeWindowOptions) {
    this.seen = new TtlCache<string, true>({
      ttlMs: options.windowMs,
      maxEntries: options.maxEntries,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** True the first time `(sender, messageId)` is seen within the window; false for a repeat. */
  claim(sender: string, messageId: string): boolean {
    const key = keyOf(sender, messageId);
    if (this.seen.get(key)) return false;

    this.seen.set(key, true);
    return true;
  }

  /** Forgets a claim, for an event that could not be delivered at all (the sender may retry). */
  release(sender: string, messageId: string): void {
    this.seen.delete(keyOf(sender, messageId));
  }
}

function keyOf(sender: string, messageId: string): string {
  return `${sender}\u0000${messageId}`;
}
