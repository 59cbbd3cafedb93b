import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../../kit/testing/test-database.ts';
import { buildStandinApp } from '../../sentinel-standin/src/app.ts';
import { SERVICE_CLIENTS } from '../../sentinel-standin/src/seed.ts';
import {
  callA2a,
  mintIdentity,
  type A2aCall,
  type AgentIdentity,
} from '../../test-agents/src/a2a-caller.ts';
import { buildApp } from '../src/app.ts';
import { loadSubscriptionConfig } from '../src/config.ts';
import { MIGRATIONS_DIR } from '../src/plugins/external/database.ts';

/** Nests `{a: {a: ... leaf}}` `depth` objects deep. */
const nested = (depth: number, leaf: unknown = 1): unknown =>
  Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), leaf);

// Abuse limits: router identity, filter and payload bounds, per-owner cap, statement timeout.
describe('Subscription Service limits', () => {
  const MAX_PER_OWNER = 3;
  let db: TestDatabase;
  let standin: FastifyInstance;
  let app: FastifyInstance;
  let base: string;
  let sql: pg.Pool;
  let alice: AgentIdentity;
  let router: AgentIdentity;

  beforeAll(async () => {
    db = await createTestDatabase('subscription_limits', MIGRATIONS_DIR);
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    standin = await buildStandinApp({ logLevel: 'silent' });
    const standinUrl = await standin.listen({ host: '127.0.0.1', port: 0 });
    alice = await mintIdentity(standinUrl);
    router = await mintIdentity(standinUrl);

    const own = SERVICE_CLIENTS.subscription!;
    app = await buildApp({
      config: loadSubscriptionConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATABASE_POOL_MAX: '3',
        TRAYLINX_API_BASE_URL: standinUrl,
        TRAYLINX_CLIENT_ID: own.clientId,
        TRAYLINX_CLIENT_SECRET: own.clientSecret,
        TRAYLINX_AGENT_USER_ID: own.agentUserId,
        ROUTER_AGENT_USER_IDS: `00000000-0000-4000-8000-000000000000, ${router.agentUserId}`,
        MAX_SUBSCRIPTIONS_PER_OWNER: String(MAX_PER_OWNER),
        SUBSCRIBERS_QUERY_TIMEOUT_MS: '300',
      }),
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await standin?.close();
    await sql?.end();
    await db?.drop();
  });

  beforeEach(async () => {
    await sql.query('DELETE FROM subscriptions');
  });

  const call = (path: string, action: string, payload: unknown, extra: Partial<A2aCall> = {}) =>
    callA2a(`${base}/a2a/subscriptions/${path}`, {
      action,
      payload,
      identity: alice,
      senderAgentKey: 'alice-agent',
      ...extra,
    });
  const subscribe = (payload: unknown, extra: Partial<A2aCall> = {}) =>
    call('subscribe', 'subscriptions.subscribe', payload, extra);
  const count = async () =>
    Number((await sql.query('SELECT count(*) FROM subscriptions')).rows[0].count);

  it('refuses subscribe and unsubscribe from the router identity, still answers it', async () => {
    const asRouter = { identity: router, senderAgentKey: 'alice-agent' };
    await subscribe({ event_type: 'job.done' });

    const subscribed = await subscribe({ event_type: 'job.failed' }, asRouter);
    expect(subscribed.status).toBe(403);
    expect(subscribed.body.error.message).toMatch(/router identity/);

    const removed = await call('unsubscribe', 'subscriptions.unsubscribe',
      { event_type: 'job.done' }, asRouter);
    expect(removed.status).toBe(403);
    expect(await count()).toBe(1);

    const listed = await call('subscribers', 'subscriptions.subscribers',
      { event_type: 'job.done', payload: {} }, asRouter);
    expect(listed.status).toBe(200);
    expect(listed.body.payload.agent_keys).toEqual(['alice-agent']);
  });

  const badFilters: Array<[string, unknown, RegExp]> = [
    ['too deep', nested(9), /deeper than 8/],
    ['a long array', { tags: Array.from({ length: 33 }, (_, i) => i) }, /array of 33/],
    ['a wide nested object', { a: Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }, /51 keys/],
    ['too big', { blob: 'x'.repeat(5_000) }, /bytes serialized/],
  ];

  it.each(badFilters)('rejects filters %s with 400 and a reason', async (_name, filters, why) => {
    const answer = await subscribe({ event_type: 'job.done', filters });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(why);
    expect(await count()).toBe(0);
  });

  it('accepts filters at the bounds', async () => {
    const answer = await subscribe({ event_type: 'job.done', filters: nested(7) });
    expect(answer.status).toBe(201);
  });

  it('rejects an over-deep or oversized event payload on /subscribers with 400', async () => {
    const deep = await call('subscribers', 'subscriptions.subscribers',
      { event_type: 'job.done', payload: nested(17) as object });
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toMatch(/payload.payload nested deeper than 16/);

    const big = await call('subscribers', 'subscriptions.subscribers',
      { event_type: 'job.done', payload: { blob: 'x'.repeat(70_000) } });
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/bytes serialized/);
  });

  it('caps subscriptions per owner with 409; replacing filters still works', async () => {
    for (const type of ['a', 'b', 'c']) {
      expect((await subscribe({ event_type: type })).status).toBe(201);
    }
    const over = await subscribe({ event_type: 'd' }, { senderAgentKey: 'alice-other' });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toMatch(/at most 3 subscriptions/);

    const replaced = await subscribe({ event_type: 'a', filters: { x: 1 } });
    expect(replaced.status).toBe(200);
    expect(await count()).toBe(MAX_PER_OWNER);
  });

  it('answers 503 when matching runs past the statement timeout', async () => {
    await subscribe({ event_type: 'job.done' });

    // A lock wait counts against statement_timeout, so holding the table stalls the query.
    const blocker = await sql.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE subscriptions IN ACCESS EXCLUSIVE MODE');
      const answer = await call('subscribers', 'subscriptions.subscribers',
        { event_type: 'job.done', payload: {} });
      expect(answer.status).toBe(503);
      expect(answer.body.error.message).toMatch(/longer than 300 ms/);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }

    const after = await call('subscribers', 'subscriptions.subscribers',
      { event_type: 'job.done', payload: {} });
    expect(after.body.payload.agent_keys).toEqual(['alice-agent']);
  });
});
