import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp } from '../create-app.ts';
import { a2aRoute } from '../envelope.ts';
import { HttpError } from '../errors.ts';

let app: FastifyInstance;
let base: string;
let healthy = true;
const echoed: unknown[] = [];

function envelope() {
  return {
    message_id: randomUUID(),
    sender_agent_key: 'tester',
    timestamp: new Date().toISOString(),
  };
}

function post(body: unknown, contentType = 'application/json', path = '/a2a/demo/echo') {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  app = await createServiceApp({ service: 'kit-test', logLevel: 'silent', bodyLimitBytes: 2048 });
  app.readiness.add({
    name: 'fake-db',
    check: async () => {
      if (!healthy) throw new Error('connection refused');
    },
  });
  a2aRoute<{ text: string; count?: number }, { text: string }>(app, {
    path: '/a2a/demo/echo',
    action: 'demo.echo',
    responder: 'kit-test',
    payload: {
      type: 'object',
      additionalProperties: false,
      required: ['text'],
      properties: { text: { type: 'string', maxLength: 100 }, count: { type: 'integer' } },
    },
    reply: {
      type: 'object',
      additionalProperties: false,
      required: ['text'],
      properties: { text: { type: 'string' } },
    },
    handler: async ({ payload }) => {
      echoed.push(payload);
      return { text: payload.text };
    },
  });
  app.get('/boom', async () => {
    throw new Error('secret database password in message');
  });
  app.get('/teapot', async () => {
    throw new HttpError(418, 'teapot', 'short and stout');
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(() => app.close());

describe('createServiceApp', () => {
  it('answers an A2A call with payload and a reply envelope', async () => {
    const request = { envelope: envelope(), action: 'demo.echo', payload: { text: 'hi' } };
    const response = await post(request, 'application/vnd.traylinx.a2a+json; version=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const body = await response.json();
    expect(body.payload).toEqual({ text: 'hi' });
    expect(body.envelope.in_reply_to).toBe(request.envelope.message_id);
    expect(body.envelope.message_id).not.toBe(request.envelope.message_id);
    expect(body.envelope.sender_agent_key).toBe('kit-test');
  });

  it.each([
    ['an unknown top-level field', { extra: 1 }, /must NOT have additional properties/],
    ['an unknown payload field', { payload: { text: 'a', evil: true } }, /additional/],
    ['a wrong type', { payload: { text: 5 } }, /payload\/text must be string/],
    ['a string for an integer', { payload: { text: 'a', count: '3' } }, /count must be integer/],
    ['a bad message_id', { envelope: { ...envelope(), message_id: 'x' } }, /uuid/],
    ['a bad timestamp', { envelope: { ...envelope(), timestamp: 'yesterday' } }, /date-time/],
    ['a missing envelope', { envelope: undefined }, /envelope/],
    [
      'a sender_agent_key outside the agent key pattern',
      { envelope: { ...envelope(), sender_agent_key: 'bad key!' } },
      /envelope\/sender_agent_key must match pattern/,
    ],
  ])(
    'rejects %s with 400 and a reason, without running the handler',
    async (_n, patch, reason) => {
      const before = echoed.length;
      const body = { envelope: envelope(), action: 'demo.echo', payload: { text: 'a' }, ...patch };
      const response = await post(body);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(reason);
      expect(echoed.length).toBe(before);
    },
  );

  it('rejects an action that does not match the route', async () => {
    const response = await post({
      envelope: envelope(),
      action: 'demo.other',
      payload: { text: 'a' },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/action must be demo\.echo/);
  });

  it('gives 415 for other media types, 413 for large bodies, 400 for bad JSON', async () => {
    const ok = { envelope: envelope(), action: 'demo.echo', payload: { text: 'a' } };
    const text = await post(JSON.stringify(ok), 'text/plain');
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe('unsupported_media_type');

    const big = await post({ ...ok, payload: { text: 'x'.repeat(4096) } });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');

    const broken = await post('{"envelope": ', 'application/vnd.traylinx.a2a+json; version=1');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('invalid_json');
  });

  it('refuses NUL characters in bodies, keys and URLs with 400 before any handler', async () => {
    const before = echoed.length;
    const ok = { envelope: envelope(), action: 'demo.echo' };
    for (const body of [
      { ...ok, payload: { text: 'a\u0000b' } },
      { ...ok, payload: { text: 'a', 'k\u0000': 1 } },
    ]) {
      const response = await post(body, 'application/vnd.traylinx.a2a+json; version=1');
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/NUL characters/);
    }
    expect(echoed.length).toBe(before);

    for (const path of ['/health?q=%00', '/health?q=a%00b', '/nothing%00here']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/NUL characters/);
    }
  });

  it('refuses lone UTF-16 surrogates in strings and keys (400), keeps valid pairs', async () => {
    const before = echoed.length;
    const head = `{"envelope":${JSON.stringify(envelope())},"action":"demo.echo","payload":`;
    // Raw text: JSON.stringify would escape the surrogate the same way, but spell it out.
    for (const payload of ['{"text":"x\\ud800"}', '{"text":"a","\\udc00":1}']) {
      const response = await post(`${head}${payload}}`, 'application/json');
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/lone UTF-16 surrogates/);
    }
    expect(echoed.length).toBe(before);

    const pair = await post(`${head}{"text":"\\ud83d\\ude00"}}`, 'application/json');
    expect(pair.status).toBe(200);
  });

  it('refuses JSON nested deeper than 64 levels with 400 and a reason', async () => {
    const nest = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const body = (levels: number) =>
      `{"envelope":${JSON.stringify(envelope())},"action":"demo.echo",` +
      `"payload":{"text":"a","count":${nest(levels)}}}`;

    const deep = await post(body(80));
    expect(deep.status).toBe(400);
    expect((await deep.json()).error.message).toMatch(/nesting deeper than 64 levels/);

    // Within the limit the body reaches schema validation (count must be an integer).
    const shallow = await post(body(10));
    expect(shallow.status).toBe(400);
    expect((await shallow.json()).error.code).toBe('validation_failed');
  });

  it('keeps a short safe x-request-id and replaces anything else', async () => {
    const id = (header: string) =>
      fetch(`${base}/health`, { headers: { 'x-request-id': header } }).then((r) =>
        r.headers.get('x-request-id'));

    expect(await id('trace-1.2:abc_X')).toBe('trace-1.2:abc_X');
    for (const bad of ['a b', 'x'.repeat(129), '<script>', 'id;drop']) {
      const answered = await id(bad);
      expect(answered).not.toBe(bad);
      expect(answered).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('hides 5xx details, keeps HttpError codes, answers unknown routes with 404', async () => {
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({
      error: { code: 'internal_error', message: 'internal error' },
    });

    const teapot = await fetch(`${base}/teapot`);
    expect(teapot.status).toBe(418);
    expect((await teapot.json()).error.code).toBe('teapot');

    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
  });

  it('reports health without checks and readiness with them, and 503 while draining', async () => {
    healthy = false;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const down = await fetch(`${base}/ready`);
    expect(down.status).toBe(503);
    expect((await down.json()).error.message).toMatch(/fake-db: connection refused/);

    healthy = true;
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('exposes Prometheus metrics with the route pattern and status', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('"400"'));
    expect(line).toContain('route="/a2a/demo/echo"');
    expect(line).toContain('method="POST"');
    expect(line).toContain('service="kit-test"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI document listing the routes', async () => {
    const doc = await (await fetch(`${base}/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/a2a/demo/echo', '/ready']));
  });
});

describe('draining', () => {
  it('makes /ready 503 while other routes keep serving', async () => {
    const drained = await createServiceApp({ service: 'kit-drain', logLevel: 'silent' });
    try {
      drained.readiness.startDraining();
      const ready = await drained.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().error.message).toBe('draining for shutdown');
      expect((await drained.inject('/health')).statusCode).toBe(200);
    } finally {
      await drained.close();
    }
  });
});

describe('request logging', () => {
  it('writes one line per request and none for passing probes and scrapes', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    const logged = await createServiceApp({ service: 'kit-log', logLevel: 'info', logStream });
    logged.get('/things/:id', async () => ({ ok: true }));

    await logged.inject({ method: 'GET', url: '/health' });
    await logged.inject({ method: 'GET', url: '/metrics' });
    await logged.inject({ method: 'GET', url: '/things/7?x=1' });
    await logged.close();

    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        service: 'kit-log',
        method: 'GET',
        route: '/things/:id',
        status: 200,
        request_id: expect.any(String),
      }),
    ]);
  });
});

describe('readiness logging', () => {
  it('logs when readiness changes, not on every probe', async () => {
    const messages: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          messages.push((JSON.parse(line) as { msg: string }).msg);
        }
        done();
      },
    });
    const probed = await createServiceApp({ service: 'kit-probe', logLevel: 'info', logStream });
    let broken = true;
    probed.readiness.add({
      name: 'database',
      check: async () => {
        if (broken) throw new Error('unreachable');
      },
    });

    for (let probe = 0; probe < 3; probe += 1) await probed.inject({ url: '/ready' });
    broken = false;
    for (let probe = 0; probe < 3; probe += 1) await probed.inject({ url: '/ready' });
    await probed.close();

    expect(messages).toEqual(['not ready', 'ready']);
  });
});
