import type { FastifyInstance } from 'fastify';
import { buildStandinApp, type StandinOptions } from '../../sentinel-standin/src/app.ts';
import { SERVICE_CLIENTS, type StandinClient } from '../../sentinel-standin/src/seed.ts';
import { SentinelTokenClient } from '../sentinel/token-client.ts';

/** A Sentinel stand-in listening on loopback for one test file. */
export interface RunningStandin {
  readonly app: FastifyInstance;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Requests received per path (to assert caching and single-flight). */
  readonly hits: Map<string, number>;
  /** Mints a client and returns a token client for it (an agent with its own identity). */
  agent(): Promise<{ client: StandinClient; tokens: SentinelTokenClient }>;
  /** A token client for a seeded service client (`registry`, `router`, ...). */
  service(name: string): SentinelTokenClient;
  close(): Promise<void>;
}

export async function startStandin(options: StandinOptions = {}): Promise<RunningStandin> {
  const app = await buildStandinApp({ logLevel: 'silent', ...options });
  const hits = new Map<string, number>();
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const tokensFor = (client: StandinClient) =>
    new SentinelTokenClient({
      baseUrl: url,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      agentUserId: client.agentUserId,
    });

  return {
    app,
    url,
    hits,
    async agent() {
      const client = app.tokenStore.mint();
      return { client, tokens: tokensFor(client) };
    },
    service(name) {
      const client = SERVICE_CLIENTS[name];
      if (!client) throw new Error(`no seeded client for ${name}`);
      return tokensFor(client);
    },
    close: () => app.close(),
  };
}
