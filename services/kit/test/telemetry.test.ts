import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const fixture = path.join(import.meta.dirname, 'fixtures', 'traced-server.ts');

/** A minimal OTLP/HTTP JSON collector on loopback: it keeps every trace id it receives. */
async function startCollector() {
  const traceIds = new Set<string>();
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      for (const match of body.matchAll(/"traceId"\s*:\s*"([0-9a-f]{32})"/g)) {
        traceIds.add(match[1] as string);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    traceIds,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function startService(env: Record<string, string>) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './services/kit/telemetry.ts', fixture],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: Array<Record<string, unknown>> = [];
  const listening = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      lines.push(parsed);
      if (parsed.event === 'listening') resolve(parsed.url as string);
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, lines, listening, exited };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('telemetry preload', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(() => collector.close());

  it("exports spans over OTLP and puts the same trace id on the handler's log line", async () => {
    const service = startService({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'traced',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
    try {
      const url = await service.listening;
      expect((await fetch(`${url}/hello`)).status).toBe(200);

      await until(() => service.lines.some((l) => l.msg === 'hello from the handler'));
      const line = service.lines.find((l) => l.msg === 'hello from the handler')!;
      expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(line.request_id).toMatch(/^[0-9a-f-]{36}$/);

      await until(() => collector.traceIds.has(line.trace_id as string));
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });

  it('loads nothing and adds no trace ids without an OTLP endpoint', async () => {
    const env = { ...process.env };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    const service = startService(env as Record<string, string>);
    try {
      const url = await service.listening;
      await fetch(`${url}/hello`);
      await until(() => service.lines.some((l) => l.msg === 'hello from the handler'));
      const line = service.lines.find((l) => l.msg === 'hello from the handler')!;
      expect(line.trace_id).toBeUndefined();
      expect(line.request_id).toBeDefined();
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });
});
