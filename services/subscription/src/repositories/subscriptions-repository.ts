import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';

/** A subscription as the API shows it. */
export interface SubscriptionView {
  readonly id: string;
  readonly subscriber_agent_key: string;
  readonly event_type: string;
  readonly job_id: string | null;
  readonly filters: Record<string, unknown> | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** What a caller asks to subscribe to. */
export interface SubscribeInput {
  /** Agent key events are delivered to: the caller's `envelope.sender_agent_key`. */
  readonly subscriberAgentKey: string;
  /** The authenticated agent user id; it owns the subscriber agent key from now on. */
  readonly ownerAgentUserId: string;
  readonly eventType: string;
  /** Null: every job (wildcard). */
  readonly jobId: string | null;
  /** JSON object the payload must contain; null or `{}` match every payload. */
  readonly filters: Record<string, unknown> | null;
}

/**
 * Limits of the upsert's interactive transaction. Prisma's defaults (2 s to get a connection,
 * 5 s to finish) turn a burst queued on a small pool into errors; these wait longer, still
 * bounded, and past them the caller gets {@link DatabaseBusyError}.
 */
export const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 10_000 } as const;

/** The database could not start or finish the transaction in time (pool exhausted). */
export class DatabaseBusyError extends Error {
  constructor(cause: unknown) {
    super('the database is busy; retry later', { cause });
  }
}

/** Thrown when the subscriber agent key belongs to another agent user. */
export class NotOwnerError extends Error {
  constructor(readonly agentKey: string) {
    super(`agent key ${agentKey} is subscribed by another agent user`);
  }
}

/** Thrown when a new subscription would take its owner past the per-owner cap. */
export class TooManySubscriptionsError extends Error {
  constructor(readonly max: number) {
    super(`an agent user may hold at most ${max} subscriptions; unsubscribe some first`);
  }
}

/** The subscribers query ran past its statement timeout (PostgreSQL 57014). */
export class QueryTimeoutError extends Error {
  constructor(timeoutMs: number, cause: unknown) {
    super(`matching subscribers took longer than ${timeoutMs} ms; retry later`, { cause });
  }
}

/** Limits the repository enforces. */
export interface SubscriptionsLimits {
  /** Most subscriptions per owner (`MAX_SUBSCRIPTIONS_PER_OWNER`). Default 1 000. */
  readonly maxPerOwner?: number;
  /** Statement timeout of the subscribers query, ms (`SUBSCRIBERS_QUERY_TIMEOUT_MS`).
   *  Default 2 000. */
  readonly subscribersTimeoutMs?: number;
}

interface SubscriptionRow {
  id: string;
  subscriber_agent_key: string;
  owner_agent_user_id: string;
  event_type: string;
  job_id: string | null;
  filters: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  created?: boolean;
}

/** Every query the Subscription Service runs. */
export class SubscriptionsRepository {
  private readonly maxPerOwner: number;
  private readonly subscribersTimeoutMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    limits: SubscriptionsLimits = {},
  ) {
    this.maxPerOwner = limits.maxPerOwner ?? 1_000;
    this.subscribersTimeoutMs = limits.subscribersTimeoutMs ?? 2_000;
  }

  /**
   * Creates the subscription or replaces the filters of the existing one.
   * An agent key belongs to the first agent user that subscribed with it; the advisory lock on
   * the key serialises that check with the write, so two users cannot both claim a fresh key.
   */
  async subscribe(input: SubscribeInput): Promise<{ created: boolean; view: SubscriptionView }> {
    try {
      return await this.upsertOwned(input);
    } catch (error) {
      // P2028: Prisma's transaction API gave up waiting (for a connection or for the work).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2028') {
        throw new DatabaseBusyError(error);
      }
      throw error;
    }
  }

  private async upsertOwned(
    input: SubscribeInput,
  ): Promise<{ created: boolean; view: SubscriptionView }> {
    return this.prisma.$transaction(async (tx) => {
      // Owner lock first, then key lock, in every transaction: no lock-order deadlock. The
      // owner lock serialises the cap check with the insert across that owner's keys.
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(hashtextextended(${'owner:' + input.ownerAgentUserId}, 0))`;
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(hashtextextended(${input.subscriberAgentKey}, 0))`;

      const other = await tx.subscription.findFirst({
        where: {
          subscriberAgentKey: input.subscriberAgentKey,
          ownerAgentUserId: { not: input.ownerAgentUserId },
        },
        select: { id: true },
      });
      if (other) throw new NotOwnerError(input.subscriberAgentKey);
      await this.checkCap(tx, input);

      const filters = input.filters === null ? null : JSON.stringify(input.filters);
      const rows = await tx.$queryRaw<SubscriptionRow[]>`
        INSERT INTO subscriptions
          (subscriber_agent_key, owner_agent_user_id, event_type, job_id, filters)
        VALUES (${input.subscriberAgentKey}, ${input.ownerAgentUserId}::uuid,
          ${input.eventType}, ${input.jobId}, ${filters}::jsonb)
        ON CONFLICT (subscriber_agent_key, event_type, job_id) DO UPDATE
          SET filters = EXCLUDED.filters, updated_at = CURRENT_TIMESTAMP
        RETURNING *, (xmax = 0) AS created`;

      const row = rows[0];
      if (!row) throw new Error('upsert returned no row');
      return { created: row.created === true, view: toView(row) };
    }, TRANSACTION_LIMITS);
  }

  // Replacing the filters of an existing row never counts against the cap.
  private async checkCap(tx: Prisma.TransactionClient, input: SubscribeInput): Promise<void> {
    const owned = await tx.subscription.count({
      where: { ownerAgentUserId: input.ownerAgentUserId },
    });
    if (owned < this.maxPerOwner) return;

    const existing = await tx.subscription.findFirst({
      where: {
        subscriberAgentKey: input.subscriberAgentKey,
        eventType: input.eventType,
        jobId: input.jobId,
      },
      select: { id: true },
    });
    if (!existing) throw new TooManySubscriptionsError(this.maxPerOwner);
  }

  /** Deletes the caller's subscription `id`; null when absent or someone else's. */
  async unsubscribeById(ownerAgentUserId: string, id: string): Promise<SubscriptionView | null> {
    const rows = await this.prisma.$queryRaw<SubscriptionRow[]>`
      DELETE FROM subscriptions
      WHERE id = ${id}::uuid AND owner_agent_user_id = ${ownerAgentUserId}::uuid
      RETURNING *`;
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Deletes the caller's subscription of `subscriberAgentKey` to (event type, job id). */
  async unsubscribeByEvent(
    ownerAgentUserId: string,
    subscriberAgentKey: string,
    eventType: string,
    jobId: string | null,
  ): Promise<SubscriptionView | null> {
    const rows = await this.prisma.$queryRaw<SubscriptionRow[]>`
      DELETE FROM subscriptions
      WHERE owner_agent_user_id = ${ownerAgentUserId}::uuid
        AND subscriber_agent_key = ${subscriberAgentKey}
        AND event_type = ${eventType}
        AND job_id IS NOT DISTINCT FROM ${jobId}
      RETURNING *`;
    return rows[0] ? toView(rows[0]) : null;
  }

  /** The caller's subscriptions in id order, `limit` at a time after the id `after`. */
  async listByOwner(
    ownerAgentUserId: string,
    limit: number,
    after: string | null,
  ): Promise<SubscriptionView[]> {
    const rows = await this.prisma.$queryRaw<SubscriptionRow[]>`
      SELECT * FROM subscriptions
      WHERE owner_agent_user_id = ${ownerAgentUserId}::uuid
        AND (${after}::uuid IS NULL OR id > ${after}::uuid)
      ORDER BY id
      LIMIT ${limit}`;
    return rows.map(toView);
  }

  /**
   * Distinct agent keys subscribed to an event: same type; a wildcard (null job id) matches
   * every job and a scoped one only its job; the filters must be contained in the payload
   * (`payload @> filters`, JSONB containment), a null filter matching everything.
   *
   * No GIN index serves the containment test: the indexed column is the contained side
   * (`filters <@ payload`), which GIN cannot search. The (event_type, job_id) index narrows
   * the rows first; containment then runs on those rows only. A statement timeout bounds the
   * query, so a flood of heavy filters costs a 503, not a stuck connection.
   */
  async subscribers(
    eventType: string,
    jobId: string | null,
    payload: Record<string, unknown>,
    limit: number,
  ): Promise<string[]> {
    const timeout = `${this.subscribersTimeoutMs}ms`;
    let rows: Array<{ subscriber_agent_key: string }>;
    try {
      [, rows] = await this.prisma.$transaction([
        this.prisma.$queryRaw`SELECT set_config('statement_timeout', ${timeout}, true)`,
        this.prisma.$queryRaw<Array<{ subscriber_agent_key: string }>>`
          SELECT DISTINCT subscriber_agent_key FROM subscriptions
          WHERE event_type = ${eventType}
            AND (job_id IS NULL OR job_id = ${jobId})
            AND (filters IS NULL OR ${JSON.stringify(payload)}::jsonb @> filters)
          ORDER BY subscriber_agent_key
          LIMIT ${limit}`,
      ]);
    } catch (error) {
      if (isQueryCanceled(error)) throw new QueryTimeoutError(this.subscribersTimeoutMs, error);
      throw error;
    }
    return rows.map((row) => row.subscriber_agent_key);
  }
}

// The driver adapter wraps the PostgreSQL error; its SQLSTATE shows up in the message or meta.
function isQueryCanceled(error: unknown): boolean {
  const meta = (error as { meta?: unknown } | null)?.meta ?? {};
  const text = `${(error as Error | null)?.message ?? ''} ${JSON.stringify(meta)}`;
  return /57014|statement timeout/i.test(text);
}

function toView(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    subscriber_agent_key: row.subscriber_agent_key,
    event_type: row.event_type,
    job_id: row.job_id,
    filters: row.filters,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
