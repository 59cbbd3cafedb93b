import { randomUUID } from 'node:crypto';

import type { Dispatcher } from 'undici';

import { describeError } from '../describe-error.ts';
import { postJson } from './post-json.ts';
import type { UpstreamHealth, UpstreamName } from './upstream-health.ts';

/** The router's own A2A headers (from its Sentinel client). */
export type OutboundHeaders = () => Promise<Record<string, string>>;

/** Options of {@link A2aClient}. */
export interface A2aClientOptions {
  readonly upstream: UpstreamName;
  /** Base URL without trailing slash. */
  readonly baseUrl: string;
  readonly dispatcher: Dispatcher;
  /** Longest wait per call, in ms. */
  readonly timeoutMs: number;
  /** The router's `sender_agent_key`. */
  readonly agentKey: string;
  readonly headers: OutboundHeaders;
  readonly health: UpstreamHealth;
}

/** A call to a platform service that did not give a 2xx answer. */
export class UpstreamError extends Error {
  constructor(
    readonly upstream: UpstreamName,
    message: string,
    /** The HTTP status, when the service answered. */
    readonly status?: number,
  ) {
    super(`${upstream}: ${message}`);
    this.name = 'UpstreamError';
  }
}

/**
 * Calls `/a2a/*` actions of one platform service (registry, subscription) with the router's
 * credentials and a timeout, and records the outcome in {@link UpstreamHealth}: a transport
 * failure, timeout or 5xx marks the upstream down; any other answer marks it up.
 */
export class A2aClient {
  constructor(private readonly options: A2aClientOptions) {}

  /** POSTs `action` with `payload` to `path`; resolves the reply's `payload` on 2xx. */
  async call<T>(path: string, action: string, payload: unknown): Promise<T> {
    const { upstream, health } = this.options;
    const signal = AbortSignal.timeout(this.options.timeoutMs);

    let reply;
    try {
      reply = await postJson(`${this.options.baseUrl}${path}`, {
        dispatcher: this.options.dispatcher,
        headers: await this.options.headers(),
        body: {
          envelope: {
            message_id: randomUUID(),
            sender_agent_key: this.options.agentKey,
            timestamp: new Date().toISOString(),
          },
          action,
          payload,
        },
        signal,
      });
    } catch (error) {
      const reason = signal.aborted
        ? `no answer within ${this.options.timeoutMs} ms`
        : describeError(error);
      health.failed(upstream, reason);
      throw new UpstreamError(upstream, reason);
    }

    if (reply.status >= 500) {
      health.failed(upstream, `HTTP ${reply.status}`);
      throw new UpstreamError(upstream, `HTTP ${reply.status}`, reply.status);
    }
    health.ok(upstream);
    if (reply.status >= 300) {
      const reason = `HTTP ${reply.status}: ${summary(reply.body)}`;
      throw new UpstreamError(upstream, reason, reply.status);
    }
    return (reply.body as { payload: T }).payload;
  }
}

function summary(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' ? message : JSON.stringify(body).slice(0, 200);
}
