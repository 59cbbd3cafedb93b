import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a test agent answers the next requests.
 * - `ok`: 200 with `{payload: {agent, received}}` after `delayMs` (default 0).
 * - `fail`: HTTP `status` (default 500) with an error body.
 * - `reject`: HTTP `status` (default 422) with an error body, an agent-side 4xx.
 * - `hang`: never answers; the socket stays open until the caller gives up or the agent closes.
 * - `raw`: 200 with `body` sent as it is (a hostile or broken agent's reply).
 */
export type TestAgentBehaviour =
  | { readonly mode: 'ok'; readonly delayMs?: number }
  | { readonly mode: 'fail'; readonly status?: number }
  | { readonly mode: 'reject'; readonly status?: number }
  | { readonly mode: 'hang' }
  | { readonly mode: 'raw'; readonly body: string };

/** One request as the agent saw it. */
export interface TestAgentArrival {
  /** `performance.now()` in this process when the request body was complete. */
  readonly at: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

/** Options of {@link startTestAgent}. */
export interface TestAgentOptions {
  /** Name echoed in replies so tests see which agent answered. Required. */
  readonly name: string;
  /** Initial behaviour. Default `{mode: 'ok'}`. */
  readonly behaviour?: TestAgentBehaviour;
  /** Path the agent answers on; other paths get 404. Default `/a2a`. */
  readonly path?: string;
  /** Port on 127.0.0.1. Default 0 (a free one). */
  readonly port?: number;
  /** Called for every request as it arrives (demo logging). Default none. */
  readonly onArrival?: (arrival: TestAgentArrival) => void;
}

/** A running agent on 127.0.0.1 with a random port. */
export interface TestAgent {
  readonly name: string;
  /** Full URL to register as the agent's endpoint, e.g. `http://127.0.0.1:40123/a2a`. */
  readonly endpoint: string;
  readonly arrivals: readonly TestAgentArrival[];
  setBehaviour(behaviour: TestAgentBehaviour): void;
  /** Closes the server and drops every open socket, hanging ones included. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ARRIVALS = 10_000;

/**
 * Starts a real HTTP agent on loopback that answers, fails, rejects or hangs as told.
 * It does not check A2A tokens: tests read the recorded headers instead.
 */
export async function startTestAgent(options: TestAgentOptions): Promise<TestAgent> {
  const path = options.path ?? '/a2a';
  let behaviour: TestAgentBehaviour = options.behaviour ?? { mode: 'ok' };
  const arrivals: TestAgentArrival[] = [];

  const server = http.createServer((req, res) => {
    readBody(req).then((raw) => {
      const arrival = { at: performance.now(), headers: req.headers, body: parseJson(raw) };
      // Bounded so a long-running demo agent does not grow without end.
      if (arrivals.length >= MAX_ARRIVALS) arrivals.shift();
      arrivals.push(arrival);
      options.onArrival?.(arrival);
      const { body } = arrival;

      if (req.method !== 'POST' || req.url !== path) {
        return send(res, 404, { error: { code: 'not_found', message: 'no such route' } });
      }
      answer(res, behaviour, options.name, body);
    }, () => send(res, 413, { error: { code: 'too_large', message: 'body too large' } }));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    name: options.name,
    endpoint: `http://127.0.0.1:${port}${path}`,
    arrivals,
    setBehaviour(next) {
      behaviour = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(
  res: http.ServerResponse,
  behaviour: TestAgentBehaviour,
  name: string,
  body: unknown,
): void {
  switch (behaviour.mode) {
    case 'ok': {
      const reply = { payload: { agent: name, received: body } };
      if (behaviour.delayMs) setTimeout(() => send(res, 200, reply), behaviour.delayMs);
      else send(res, 200, reply);
      return;
    }
    case 'fail':
      send(res, behaviour.status ?? 500, { error: { code: 'agent_failed', message: name } });
      return;
    case 'reject':
      send(res, behaviour.status ?? 422, { error: { code: 'agent_rejected', message: name } });
      return;
    case 'hang':
      return;
    case 'raw':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(behaviour.body);
      return;
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return raw;
  }
}
