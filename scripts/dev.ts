/**
 * `npm run dev`: the local stack on loopback, embedded PGlite (data in .data/<service>), the
 * Sentinel stand-in for auth. Each process's JSON log lines are printed with its name in front.
 * Ctrl-C stops everything.
 *
 * To add a service, append to PROCESSES: it starts after the ones before it are ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_CLIENTS, type StandinClient } from '../services/sentinel-standin/src/seed.ts';

const root = path.resolve(import.meta.dirname, '..');
const SENTINEL_URL = 'http://127.0.0.1:8002';

/** One process of the local stack. */
interface DevProcess {
  /** Log prefix. */
  readonly name: string;
  /** Entry point, relative to the repository root. */
  readonly entry: string;
  readonly port: number;
  /** Extra environment (PORT, HOST and NODE_ENV are set for every process). */
  readonly env?: Record<string, string>;
}

/** Sentinel settings for a service running with its seeded stand-in client. */
function sentinelEnv(client: StandinClient | undefined): Record<string, string> {
  if (!client) throw new Error('no seeded Sentinel client');
  return {
    TRAYLINX_API_BASE_URL: SENTINEL_URL,
    TRAYLINX_CLIENT_ID: client.clientId,
    TRAYLINX_CLIENT_SECRET: client.clientSecret,
    TRAYLINX_AGENT_USER_ID: client.agentUserId,
  };
}

// The router's two identities. The agent-facing one is forwarded to every agent it calls, so
// an agent could replay it: it may only discover. The upstream one never leaves the router: the
// registry's only stats reporter, and the one that asks for subscribers. Neither may change
// subscriptions.
const ROUTER = SERVICE_CLIENTS.router!;
const ROUTER_UPSTREAM = SERVICE_CLIENTS['router-upstream']!;

const PROCESSES: readonly DevProcess[] = [
  { name: 'sentinel', entry: 'services/sentinel-standin/src/server.ts', port: 8002 },
  {
    name: 'registry',
    entry: 'services/registry/src/server.ts',
    port: 8000,
    env: {
      ...sentinelEnv(SERVICE_CLIENTS.registry),
      DRAIN_SECONDS: '0',
      STATS_REPORTER_AGENT_USER_IDS: ROUTER_UPSTREAM.agentUserId,
      ROUTER_AGENT_USER_IDS: ROUTER.agentUserId,
    },
  },
  {
    name: 'subscription',
    entry: 'services/subscription/src/server.ts',
    port: 8001,
    env: {
      ...sentinelEnv(SERVICE_CLIENTS.subscription),
      DRAIN_SECONDS: '0',
      ROUTER_AGENT_USER_IDS: `${ROUTER.agentUserId},${ROUTER_UPSTREAM.agentUserId}`,
    },
  },
  {
    name: 'router',
    entry: 'services/router/src/server.ts',
    port: 8080,
    env: {
      ...sentinelEnv(ROUTER),
      TRAYLINX_UPSTREAM_CLIENT_ID: ROUTER_UPSTREAM.clientId,
      TRAYLINX_UPSTREAM_CLIENT_SECRET: ROUTER_UPSTREAM.clientSecret,
      TRAYLINX_UPSTREAM_AGENT_USER_ID: ROUTER_UPSTREAM.agentUserId,
      DRAIN_SECONDS: '0',
      REGISTRY_URL: 'http://127.0.0.1:8000',
      SUBSCRIPTION_URL: 'http://127.0.0.1:8001',
    },
  },
];

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[31m'];
const RESET = '\x1b[0m';
const width = Math.max(...PROCESSES.map((p) => p.name.length));
const children: ChildProcess[] = [];
let stopping = false;

function prefixed(stream: NodeJS.ReadableStream, label: string, out: NodeJS.WriteStream): void {
  createInterface({ input: stream }).on('line', (line) => out.write(`${label} ${line}\n`));
}

function start(processSpec: DevProcess, index: number): ChildProcess {
  const colour = process.stdout.isTTY ? COLOURS[index % COLOURS.length] : '';
  const label = `${colour}${processSpec.name.padEnd(width)} |${colour ? RESET : ''}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './services/kit/telemetry.ts', processSpec.entry],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(processSpec.port),
        ...processSpec.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: Ctrl-C reaches only this script, which then stops each child once
      // (a second signal would make a service skip its graceful shutdown).
      detached: true,
    },
  );
  prefixed(child.stdout!, label, process.stdout);
  prefixed(child.stderr!, label, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${label} exited (${signal ?? code}); stopping the stack`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

/** True when nothing listens on the loopback port (checked by binding it for a moment). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

// Ready means OUR child answers: a server left over on the port must not pass for it.
async function waitReady(
  spec: DevProcess,
  child: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping && child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${spec.port}/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!stopping)
    throw new Error(`${spec.name} not ready on port ${spec.port} after ${timeoutMs} ms`);
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;

  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');

  const force = setTimeout(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  }, 10_000);
  await Promise.all(exited);
  clearTimeout(force);
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// Last resort if this script dies some other way: never leave services behind.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

const busy = [];
for (const spec of PROCESSES) if (!(await portFree(spec.port))) busy.push(spec);
if (busy.length > 0) {
  for (const spec of busy) {
    console.error(`port ${spec.port} (${spec.name}) is in use: is another npm run dev running?`);
  }
  process.exit(1);
}

for (const [index, spec] of PROCESSES.entries()) {
  const child = start(spec, index);
  try {
    await waitReady(spec, child);
  } catch (error) {
    console.error((error as Error).message);
    await stopAll(1);
  }
}
if (!stopping) {
  console.log(
    `stack ready: ${PROCESSES.map((p) => `${p.name} http://127.0.0.1:${p.port}`).join(', ')}`,
  );
}
