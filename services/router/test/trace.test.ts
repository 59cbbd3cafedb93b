import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../../kit/testing/free-port.ts';
import { callA2a, mintIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startStack, type Stack } from '../../test-agents/src/stack.ts';
import { AgentPool, registerAgent } from './support.ts';

const root = path.resolve(import.meta.dirname, '../../..');

// The router process with the kit's telemetry preload: the trace a caller starts continues into
// the agent the router forwards to (undici instrumentation injects traceparent).
describe('router trace propagation', () => {
  let stack: Stack;
  let collector: http.Server;
  let router: ChildProcess;
  let routerUrl: string;
  const agents = new AgentPool();

  beforeAll(async () => {
    stack = await startStack();
    // Spans are exported here; the test only needs the endpoint to accept them.
    collector = http.createServer((req, res) => req.resume().on('end', () => res.end('{}')));
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const collectorPort = (collector.address() as net.AddressInfo).port;

    const port = await freePort();
    routerUrl = `http://127.0.0.1:${port}`;
    const own = stack.routerIdentity;
    const upstream = stack.routerUpstreamIdentity;
    router = spawn(process.execPath, ['--import', 'tsx', '--import',
      './services/kit/telemetry.ts', 'services/router/src/server.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        DRAIN_SECONDS: '0',
        REGISTRY_URL: stack.registryUrl,
        SUBSCRIPTION_URL: stack.subscriptionUrl,
        TRAYLINX_API_BASE_URL: stack.standinUrl,
        TRAYLINX_CLIENT_ID: own.clientId,
        TRAYLINX_CLIENT_SECRET: own.clientSecret,
        TRAYLINX_AGENT_USER_ID: own.agentUserId,
        TRAYLINX_UPSTREAM_CLIENT_ID: upstream.clientId,
        TRAYLINX_UPSTREAM_CLIENT_SECRET: upstream.clientSecret,
        TRAYLINX_UPSTREAM_AGENT_USER_ID: upstream.agentUserId,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'router',
      },
      stdio: 'ignore',
    });
    const until = Date.now() + 20_000;
    while (!(await fetch(`${routerUrl}/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > until) throw new Error('router process did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    router?.kill('SIGKILL');
    await agents.closeAll();
    await stack?.close();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('continues the caller\'s trace in the forwarded call', async () => {
    const owner = await mintIdentity(stack.standinUrl);
    const agent = await agents.start('traced-agent');
    await registerAgent(stack.registryUrl, owner, 'traced-agent', agent.endpoint, ['traced']);

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await callA2a(`${routerUrl}/a2a/route`, {
      action: 'router.route',
      identity: owner,
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      payload: { capabilities: ['traced'], action: 'a', payload: {} },
    });

    expect(answer.status).toBe(200);
    const traceparent = agent.arrivals[0]!.headers.traceparent as string;
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(traceparent).not.toContain('00f067aa0ba902b7');
  });
});
