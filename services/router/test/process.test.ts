import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../../kit/testing/free-port.ts';

const root = path.resolve(import.meta.dirname, '../../..');

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The router as the deployment runs it: its own process, upstreams unreachable.
describe('router process', () => {
  let child: ChildProcess;
  let base: string;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    const [port, deadRegistry, deadSubscription] = [await freePort(), await freePort(),
      await freePort()];
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'services/router/src/server.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        REGISTRY_URL: `http://127.0.0.1:${deadRegistry}`,
        SUBSCRIPTION_URL: `http://127.0.0.1:${deadSubscription}`,
        UPSTREAM_PROBE_INTERVAL_MS: '100',
        DRAIN_SECONDS: '0',
      },
      stdio: 'ignore',
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(() => fetch(`${base}/health`).then((r) => r.ok, () => false), 20_000);
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('is ready with every upstream down; /health/upstreams and /metrics say so', async () => {
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    await expect.poll(async () => {
      const body = await (await fetch(`${base}/health/upstreams`)).json();
      return [body.upstreams.registry.up, body.upstreams.subscription.up];
    }).toEqual([false, false]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/traylinx_upstream_up\{upstream="subscription"[^}]*\} 0/);
  });

  it('publishes its OpenAPI document', async () => {
    const document = await (await fetch(`${base}/openapi.json`)).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/a2a/route', '/a2a/events/publish', '/health/upstreams']),
    );
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
