import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../../kit/testing/test-database.ts';
import { SERVICE_CLIENTS } from '../../sentinel-standin/src/seed.ts';
import { buildStandinApp } from '../../sentinel-standin/src/app.ts';
import {
  callA2a,
  mintIdentity,
  type A2aCall,
  type AgentIdentity,
} from '../../test-agents/src/a2a-caller.ts';
import { buildApp } from '../src/app.ts';
import { loadSubscriptionConfig } from '../src/config.ts';
import { MIGRATIONS_DIR } from '../src/plugins/external/database.ts';

// Real PostgreSQL (fresh database, migrated from scratch), real Sentinel stand-in, real HTTP.
describe('Subscription Service', () => {
  let db: TestDatabase;
  let standin: FastifyInstance;
  let app: FastifyInstance;
  let base: string;
  let sql: pg.Pool;
  let alice: AgentIdentity;
  let bob: AgentIdentity;

  beforeAll(async () => {
    db = await createTestDatabase('subscription', MIGRATIONS_DIR);
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    standin = await buildStandinApp({ logLevel: 'silent' });
    const standinUrl = await standin.listen({ host: '127.0.0.1', port: 0 });

    const own = SERVICE_CLIENTS.subscription!;
    const config = loadSubscriptionConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATABASE_POOL_MAX: '3',
      TRAYLINX_API_BASE_URL: standinUrl,
      TRAYLINX_CLIENT_ID: own.clientId,
      TRAYLINX_CLIENT_SECRET: own.clientSecret,
      TRAYLINX_AGENT_USER_ID: own.agentUserId,
    });
    app = await buildApp({ config });
    base = await app.listen({ host: '127.0.0.1', port: 0 });

    alice = await mintIdentity(standinUrl);
    bob = await mintIdentity(standinUrl);
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
  const subscribers = (payload: unknown) =>
    call('subscribers', 'subscriptions.subscribers', payload);
  const rows = async () =>
    (await sql.query('SELECT subscriber_agent_key, event_type, job_id, filters FROM ' +
      'subscriptions ORDER BY subscriber_agent_key, event_type, job_id')).rows;

  it('creates with 201, then answers 200 for the same (subscriber, type, job)', async () => {
    const first = await subscribe({ event_type: 'job.done' });
    expect(first.status).toBe(201);
    expect(first.body.payload).toMatchObject({
      created: true,
      subscription: { subscriber_agent_key: 'alice-agent', event_type: 'job.done', job_id: null },
    });
    expect(first.body.envelope.in_reply_to).toBeDefined();

    const again = await subscribe({ event_type: 'job.done', job_id: null, filters: { a: 1 } });
    expect(again.status).toBe(200);
    expect(again.body.payload.created).toBe(false);
    expect(again.body.payload.subscription.id).toBe(first.body.payload.subscription.id);

    // A NULL job id counts as a value: still one wildcard row, with the new filters.
    expect(await rows()).toEqual([
      { subscriber_agent_key: 'alice-agent', event_type: 'job.done', job_id: null,
        filters: { a: 1 } },
    ]);
  });

  it('keeps the unique index NULLS NOT DISTINCT in the database', async () => {
    const { rows: found } = await sql.query(`
      SELECT indnullsnotdistinct FROM pg_index
      WHERE indexrelid = 'subscriptions_subscriber_event_job_key'::regclass`);
    expect(found).toEqual([{ indnullsnotdistinct: true }]);

    const insert = `INSERT INTO subscriptions (subscriber_agent_key, owner_agent_user_id,
      event_type) VALUES ('k', '${alice.agentUserId}', 't')`;
    await sql.query(insert);
    await expect(sql.query(insert)).rejects.toThrow(/duplicate key/);
  });

  it('lets only the owner of an agent key subscribe with it', async () => {
    await subscribe({ event_type: 'job.done' });
    const stolen = await subscribe({ event_type: 'job.failed' }, { identity: bob });

    expect(stolen.status).toBe(403);
    expect(stolen.body.error.code).toBe('forbidden');
    expect(await rows()).toHaveLength(1);
  });

  it('unsubscribes by id and by event type and job, 404 when absent', async () => {
    const wildcard = await subscribe({ event_type: 'job.done' });
    await subscribe({ event_type: 'job.done', job_id: 'j1' });

    const byEvent = await call('unsubscribe', 'subscriptions.unsubscribe', {
      event_type: 'job.done',
      job_id: 'j1',
    });
    expect(byEvent.status).toBe(200);
    expect(byEvent.body.payload.subscription.job_id).toBe('j1');

    const id = wildcard.body.payload.subscription.id;
    const byId = await call('unsubscribe', 'subscriptions.unsubscribe', { id });
    expect(byId.status).toBe(200);
    expect(await rows()).toEqual([]);

    const gone = await call('unsubscribe', 'subscriptions.unsubscribe', { id });
    expect(gone.status).toBe(404);
  });

  it('never lets one agent remove or list another\'s subscriptions', async () => {
    const mine = await subscribe({ event_type: 'job.done' });
    await subscribe({ event_type: 'job.done' }, { identity: bob, senderAgentKey: 'bob-agent' });

    const id = mine.body.payload.subscription.id;
    const theirs = await call('unsubscribe', 'subscriptions.unsubscribe', { id }, {
      identity: bob,
      senderAgentKey: 'bob-agent',
    });
    expect(theirs.status).toBe(404);
    const byEvent = await call('unsubscribe', 'subscriptions.unsubscribe', {
      event_type: 'job.done',
    }, { identity: bob, senderAgentKey: 'alice-agent' });
    expect(byEvent.status).toBe(404);
    expect(await rows()).toHaveLength(2);

    const listed = await call('list', 'subscriptions.list', {}, {
      identity: bob,
      senderAgentKey: 'bob-agent',
    });
    expect(listed.status).toBe(200);
    expect(listed.body.payload.subscriptions.map((s: { subscriber_agent_key: string }) =>
      s.subscriber_agent_key)).toEqual(['bob-agent']);
  });

  it('pages the caller\'s list with limit and after', async () => {
    for (const type of ['a', 'b', 'c']) await subscribe({ event_type: type });

    const first = await call('list', 'subscriptions.list', { limit: 2 });
    expect(first.body.payload.subscriptions).toHaveLength(2);
    const next = await call('list', 'subscriptions.list', {
      limit: 2,
      after: first.body.payload.next_after,
    });
    expect(next.body.payload.subscriptions).toHaveLength(1);
    expect(next.body.payload.next_after).toBeNull();
  });

  it('matches subscribers by event type, job scope and payload containment', async () => {
    const as = (key: string) => ({ senderAgentKey: key });
    await subscribe({ event_type: 'job.done' }, as('all-jobs'));
    await subscribe({ event_type: 'job.done', job_id: 'j1' }, as('job-1-only'));
    await subscribe({ event_type: 'job.done', job_id: 'j2' }, as('job-2-only'));
    await subscribe({ event_type: 'job.done', filters: { status: 'error' } }, as('errors'));
    await subscribe({ event_type: 'job.done', filters: {} }, as('empty-filter'));
    await subscribe({ event_type: 'job.done', filters: { status: 'error', priority: 'high' } },
      as('urgent-errors'));
    await subscribe({ event_type: 'job.started' }, as('other-type'));

    const keys = async (payload: object) => (await subscribers(payload)).body.payload.agent_keys;
    expect(await keys({ event_type: 'job.done', job_id: 'j1', payload: { status: 'ok' } }))
      .toEqual(['all-jobs', 'empty-filter', 'job-1-only']);
    expect(await keys({ event_type: 'job.done', payload: { status: 'error', extra: [1] } }))
      .toEqual(['all-jobs', 'empty-filter', 'errors']);
    expect(await keys({
      event_type: 'job.done',
      job_id: 'j2',
      payload: { status: 'error', priority: 'high' },
    })).toEqual(['all-jobs', 'empty-filter', 'errors', 'job-2-only', 'urgent-errors']);
    expect(await keys({ event_type: 'nobody.cares', payload: {} })).toEqual([]);
  });

  it('answers distinct agent keys, bounded by limit', async () => {
    await subscribe({ event_type: 'x' }, { senderAgentKey: 'k1' });
    await subscribe({ event_type: 'x', job_id: 'j' }, { senderAgentKey: 'k1' });
    await subscribe({ event_type: 'x' }, { senderAgentKey: 'k2' });

    const all = await subscribers({ event_type: 'x', job_id: 'j', payload: {} });
    expect(all.body.payload.agent_keys).toEqual(['k1', 'k2']);
    const one = await subscribers({ event_type: 'x', job_id: 'j', payload: {}, limit: 1 });
    expect(one.body.payload.agent_keys).toEqual(['k1']);
  });

  describe('auth', () => {
    const routes: Array<[string, string, object]> = [
      ['subscribe', 'subscriptions.subscribe', { event_type: 'a' }],
      ['unsubscribe', 'subscriptions.unsubscribe', { event_type: 'a' }],
      ['list', 'subscriptions.list', {}],
      ['subscribers', 'subscriptions.subscribers', { event_type: 'a', payload: {} }],
    ];

    it.each(routes)('refuses %s without credentials or with a forged token', async (path,
      action, payload) => {
      const missing = await call(path, action, payload, { identity: undefined });
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({
        error: { code: 'unauthorized', message: 'Invalid or missing A2A authentication' },
      });

      const forged = await call(path, action, payload, {
        headers: { 'x-agent-secret-token': 'AgentSecretToken_forged_0000' },
      });
      expect(forged.status).toBe(401);

      const otherUser = await call(path, action, payload, {
        headers: { 'x-agent-user-id': bob.agentUserId },
      });
      expect(otherUser.status).toBe(401);
      expect(await rows()).toEqual([]);
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, Partial<A2aCall> & { payload: unknown }]> = [
      ['an unknown payload field', { payload: { event_type: 'a', colour: 'red' } }],
      ['a missing event type', { payload: { job_id: 'j' } }],
      ['filters that are not an object', { payload: { event_type: 'a', filters: [1, 2] } }],
      ['a job id of the wrong type', { payload: { event_type: 'a', job_id: 7 } }],
      ['an event type with spaces', { payload: { event_type: 'a b' } }],
      ['the wrong action', { action: 'subscriptions.list', payload: { event_type: 'a' } }],
      ['a malformed envelope', {
        payload: null,
        rawBody: { envelope: { message_id: 'nope' }, action: 'subscriptions.subscribe',
          payload: { event_type: 'a' } },
      }],
    ];

    it.each(cases)('rejects %s with 400 and writes nothing', async (_name, extra) => {
      const answer = await subscribe(extra.payload, extra);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBeTruthy();
      expect(answer.body.error.message).toBeTruthy();
      expect(await rows()).toEqual([]);
    });

    it('rejects unsubscribe naming both id and event type', async () => {
      await subscribe({ event_type: 'a' });
      const answer = await call('unsubscribe', 'subscriptions.unsubscribe', {
        id: '00000000-0000-4000-8000-000000000000',
        event_type: 'a',
      });
      expect(answer.status).toBe(400);
      expect(await rows()).toHaveLength(1);
    });
  });
});
