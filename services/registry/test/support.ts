import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { BaseConfig } from '../../kit/config.ts';
import type { SentinelTokenClient } from '../../kit/sentinel/token-client.ts';
import { SERVICE_CLIENTS, type StandinClient } from '../../sentinel-standin/src/seed.ts';
import { createTestDatabase, type TestDatabase } from '../../kit/testing/test-database.ts';
import { startStandin, type RunningStandin } from '../../kit/testing/standin.ts';
import { buildApp } from '../src/app.ts';
import type { RegistrySettings } from '../src/config.ts';
import { MIGRATIONS_DIR } from '../src/plugins/external/database.ts';

export type Backend = 'postgres' | 'pglite';

/** A controllable clock: tests move time instead of sleeping. */
export function testClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** An agent with its own Sentinel identity that calls the registry over HTTP. */
export interface TestAgent {
  readonly client: StandinClient;
  readonly tokens: SentinelTokenClient;
  /** POSTs an A2A message; `action` defaults to the verb the path implies. */
  call(path: string, payload: unknown, options?: CallOptions): Promise<Reply>;
}

export interface CallOptions {
  readonly action?: string;
  readonly headers?: Record<string, string>;
  /** Replace the whole body (malformed envelopes). */
  readonly body?: unknown;
}

export interface Reply {
  readonly status: number;
  // Test code reads arbitrary reply fields.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface RegistryHarness {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly standin: RunningStandin;
  readonly clock: ReturnType<typeof testClock>;
  /** PostgreSQL URL of this registry's database (undefined on PGlite). */
  readonly databaseUrl: string | undefined;
  agent(): Promise<TestAgent>;
  /** The stats reporter (the router's upstream identity): in `statsReporterAgentUserIds`. */
  readonly reporter: TestAgent;
  /** The router's agent-facing identity (forwarded to agents): in `routerAgentUserIds`. */
  readonly router: TestAgent;
  /** Raw SQL against the registry database (assert what changed, or did not). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** `/a2a/registry/stats.report` → `registry.stats.report`. */
function actionOf(path: string): string {
  return path.replace(/^\/a2a\//, '').replace('/', '.');
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.traylinx.a2a+json; version=1', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export function envelope(sender = 'test-agent') {
  return {
    message_id: randomUUID(),
    sender_agent_key: sender,
    timestamp: new Date().toISOString(),
  };
}

/** Starts a Sentinel stand-in and a registry on `backend`, both on loopback. */
export async function startRegistry(
  backend: Backend,
  settings: Partial<RegistrySettings> = {},
  standinTtlSeconds = 3600,
): Promise<RegistryHarness> {
  const standin = await startStandin({ tokenTtlSeconds: standinTtlSeconds });
  const database: TestDatabase | undefined =
    backend === 'postgres' ? await createTestDatabase('registry', MIGRATIONS_DIR) : undefined;
  const clock = testClock();
  const client = SERVICE_CLIENTS.registry as StandinClient;
  const reporter = await standin.agent();
  const router = await standin.agent();

  const config: BaseConfig & Partial<RegistrySettings> = {
    nodeEnv: 'test',
    production: false,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    databaseUrl: database?.url,
    databasePoolMax: 5,
    drainSeconds: 0,
    sentinel: {
      baseUrl: standin.url,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      agentUserId: client.agentUserId,
    },
    heartbeatFlushSeconds: 60,
    statsReporterAgentUserIds: [reporter.client.agentUserId],
    routerAgentUserIds: [router.client.agentUserId],
    ...settings,
  };
  const app = await buildApp({ config, dataDir: 'memory://', now: clock.now });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const asAgent = ({ client: agentClient, tokens }: Awaited<ReturnType<typeof standin.agent>>) =>
    ({
      client: agentClient,
      tokens,
      async call(path, payload, options = {}) {
        const headers = options.headers ?? (await tokens.a2aHeaders());
        const body = options.body ?? {
          envelope: envelope(agentClient.clientId),
          action: options.action ?? actionOf(path),
          payload,
        };
        return post(`${url}${path}`, body, headers);
      },
    }) satisfies TestAgent;

  return {
    app,
    url,
    standin,
    clock,
    databaseUrl: database?.url,
    reporter: asAgent(reporter),
    router: asAgent(router),
    agent: async () => asAgent(await standin.agent()),
    query: (text, params) => app.registry.db.sql.query(text, params),
    async close() {
      // Idempotent: a test may already have closed the app (shutdown tests).
      if (app.server.listening) await app.close();
      await standin.close();
      await database?.drop();
    },
  };
}

/** A valid registration payload for `agentKey`. */
export function registration(agentKey: string, overrides: Record<string, unknown> = {}) {
  return {
    agent_key: agentKey,
    name: `Agent ${agentKey}`,
    description: 'Translates text',
    endpoint: `https://${agentKey}.agents.example/a2a`,
    capabilities: ['translate', { key: 'lang', value: 'fr' }],
    tags: ['nlp'],
    version: '1.0.0',
    ...overrides,
  };
}
