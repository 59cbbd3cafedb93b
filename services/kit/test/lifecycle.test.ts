import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const fixture = path.join(import.meta.dirname, 'fixtures', 'slow-server.ts');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: Array<{ event: string; url?: string; at: number }> = [];
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<string>((resolve) => {
    lines.on('line', (line) => {
      const event = { ...JSON.parse(line), at: Date.now() };
      events.push(event);
      if (event.event === 'listening') resolve(event.url);
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child!.on('exit', (code) => resolve(code)),
  );
  return { child: child!, events, listening, exited };
}

describe('graceful shutdown (real process, real SIGTERM)', () => {
  it('drains with /ready 503, finishes the in-flight request, closes, exits 0', async () => {
    const server = start({ DRAIN_SECONDS: '1', SLOW_MS: '1500' });
    const url = await server.listening;
    expect((await fetch(`${url}/ready`)).status).toBe(200);

    const inFlight = fetch(`${url}/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
      at: Date.now(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Draining: not ready, but still serving everything else.
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).error.message).toBe('draining for shutdown');
    expect((await fetch(`${url}/health`)).status).toBe(200);

    const slow = await inFlight;
    expect(slow).toMatchObject({ status: 200, body: { done: true } });
    expect(await server.exited).toBe(0);

    const closed = server.events.find((e) => e.event === 'closed');
    expect(closed).toBeDefined();
    // Closed after the drain period and after the in-flight answer, not before.
    expect(closed!.at - signalledAt).toBeGreaterThanOrEqual(1_000);
    expect(closed!.at).toBeGreaterThanOrEqual(slow.at - 50);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
