import type { Dispatcher } from 'undici';

import type { Discovery } from '../discovery/discovery.ts';
import type { Requirements } from '../discovery/capabilities.ts';
import { agentStatOf, type AgentStat } from '../stats/agent-stat.ts';
import type { StatsBatcher } from '../stats/stats-batcher.ts';
import type { OutboundHeaders } from '../upstream/a2a-client.ts';
import { postJson } from '../upstream/post-json.ts';
import {
  forwardedMessage,
  originalSenderHeaders,
  type OriginalSender,
} from './forwarded-message.ts';
import { routeRequest, type RouteResult } from './route-request.ts';

/** Dependencies and limits of {@link RouteService}. */
export interface RouteServiceOptions {
  readonly discovery: Discovery;
  readonly dispatcher: Dispatcher;
  readonly headers: OutboundHeaders;
  readonly stats: StatsBatcher<AgentStat>;
  readonly agentKey: string;
  readonly maxAttempts: number;
  readonly attemptTimeoutMs: number;
  readonly replyMaxBytes: number;
}

/** One `/a2a/route` call. */
export interface RouteCall {
  readonly requirements: Requirements;
  readonly action: string;
  readonly payload: unknown;
  /** Absolute deadline on the `performance.now()` clock. */
  readonly deadlineAt: number;
  readonly sender: OriginalSender;
  readonly requestId: string;
}

/** {@link RouteResult} plus where discovery came from, or why nothing was tried. */
export type RouteOutcome =
  | (RouteResult & { readonly discovery: 'fresh' | 'loaded' | 'stale' })
  /** The registry failed and nothing is cached. */
  | { readonly kind: 'discovery_failed'; readonly reason: string }
  /** The router could not get its own Sentinel token to sign the call. */
  | { readonly kind: 'credentials_failed'; readonly reason: string };

/** Discovers candidates (cached) and forwards the call to the best one, falling back. */
export class RouteService {
  constructor(private readonly options: RouteServiceOptions) {}

  async route(call: RouteCall): Promise<RouteOutcome> {
    let discovered;
    try {
      discovered = await this.options.discovery.candidates(call.requirements);
    } catch (error) {
      return { kind: 'discovery_failed', reason: (error as Error).message };
    }

    let ownHeaders: Record<string, string>;
    try {
      ownHeaders = await this.options.headers();
    } catch (error) {
      return { kind: 'credentials_failed', reason: (error as Error).message };
    }
    // TODO(per-audience tokens): the protocol forwards the router's own agent secret token to
    // every agent it calls, so a malicious agent can replay it as the router. Mitigated, not
    // fixed: the registry lets the router identity only discover and report stats, the
    // subscription service refuses it for subscribe/unsubscribe, and receivers must treat
    // on_behalf_of as advisory. A real fix needs Sentinel to mint tokens bound to one audience
    // (the called agent), which it does not offer today.
    const headers = {
      ...ownHeaders,
      ...originalSenderHeaders(call.sender),
      'x-request-id': call.requestId,
    };
    const result = await routeRequest({
      candidates: discovered.candidates,
      maxAttempts: this.options.maxAttempts,
      attemptTimeoutMs: this.options.attemptTimeoutMs,
      deadlineAt: call.deadlineAt,
      send: (candidate, signal) =>
        postJson(candidate.endpoint, {
          dispatcher: this.options.dispatcher,
          headers,
          body: forwardedMessage(this.options.agentKey, call.sender, call.action, call.payload),
          signal,
          maxReplyBytes: this.options.replyMaxBytes,
        }),
      onAttempt: (attempt) => {
        const stat = agentStatOf(attempt);
        if (stat) this.options.stats.add(stat);
      },
    });
    return { ...result, discovery: discovered.source };
  }
}
