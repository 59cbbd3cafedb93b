import type { Dispatcher } from 'undici';

import type { EndpointResolver } from '../discovery/endpoint-resolver.ts';
import {
  forwardedMessage,
  originalSenderHeaders,
  type OriginalSender,
} from '../routing/forwarded-message.ts';
import { UpstreamError, type OutboundHeaders } from '../upstream/a2a-client.ts';
import { postJson } from '../upstream/post-json.ts';
import type { DedupeWindow } from './dedupe-window.ts';
import { fanOut } from './fan-out.ts';
import type { SubscriberLists } from './subscriber-lists.ts';

/** Dependencies and limits of {@link PublishService}. */
export interface PublishServiceOptions {
  readonly subscribers: SubscriberLists;
  readonly endpoints: EndpointResolver;
  readonly dedupe: DedupeWindow;
  readonly dispatcher: Dispatcher;
  readonly headers: OutboundHeaders;
  readonly agentKey: string;
  readonly concurrency: number;
  readonly deliveryTimeoutMs: number;
  readonly replyMaxBytes: number;
}

/** One `/a2a/events/publish` call. */
export interface PublishCall {
  readonly eventType: string;
  readonly jobId: string | null;
  readonly payload: Record<string, unknown>;
  /** The publisher; `sender.messageId` is the event id used for dedupe. */
  readonly sender: OriginalSender;
  readonly requestId: string;
}

/** How the delivery to one subscriber ended. */
export interface DeliveryRecord {
  readonly agent_key: string;
  readonly outcome: 'delivered' | 'failed';
  /** The subscriber's HTTP status, when it answered. */
  readonly status?: number;
  /** Why it failed, when it did. */
  readonly error?: string;
  readonly latency_ms: number;
}

export type PublishOutcome =
  | { readonly kind: 'duplicate' }
  /** No subscriber list (subscription service down, nothing cached) or no own token. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** The subscription service refused the event (400: payload too big, deep or wide). */
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'published'; readonly deliveries: DeliveryRecord[] };

/** The action subscribers receive events under. */
export const DELIVER_ACTION = 'events.deliver';

/**
 * Publishes an event: skips a repeated message id, asks for the subscribers (cached), resolves
 * their endpoints (cached), and delivers to all with bounded concurrency and a per-delivery
 * timeout. Delivery is best effort and not retried; the summary says who got it.
 */
export class PublishService {
  constructor(private readonly options: PublishServiceOptions) {}

  async publish(call: PublishCall): Promise<PublishOutcome> {
    const { dedupe } = this.options;
    if (!dedupe.claim(call.sender.agentUserId, call.sender.messageId)) {
      return { kind: 'duplicate' };
    }

    let agentKeys: string[];
    let ownHeaders: Record<string, string>;
    try {
      ({ agentKeys } = await this.options.subscribers.subscribers(call));
      ownHeaders = await this.options.headers();
    } catch (error) {
      // Nothing was delivered, so the publisher may retry the same message id.
      dedupe.release(call.sender.agentUserId, call.sender.messageId);
      if (error instanceof UpstreamError && error.status === 400) {
        return { kind: 'rejected', reason: error.message };
      }
      return { kind: 'unavailable', reason: (error as Error).message };
    }

    const endpoints = await this.options.endpoints.resolve(agentKeys);
    const headers = {
      ...ownHeaders,
      ...originalSenderHeaders(call.sender),
      'x-request-id': call.requestId,
    };
    const payload = {
      event_id: call.sender.messageId,
      event_type: call.eventType,
      job_id: call.jobId,
      payload: call.payload,
    };

    const results = await fanOut({
      items: agentKeys,
      concurrency: this.options.concurrency,
      timeoutMs: this.options.deliveryTimeoutMs,
      deliver: async (agentKey, signal) => {
        const target = endpoints.get(agentKey);
        if (!target) throw new Error('endpoint unknown');
        if (target.endpoint === null) throw new Error(target.reason);
        return postJson(target.endpoint, {
          dispatcher: this.options.dispatcher,
          headers,
          body: forwardedMessage(this.options.agentKey, call.sender, DELIVER_ACTION, payload),
          signal,
          maxReplyBytes: this.options.replyMaxBytes,
        });
      },
    });

    const deliveries = results.map((result, index): DeliveryRecord => {
      const agent_key = agentKeys[index] as string;
      if (!result.ok) {
        const { error, latency_ms } = result;
        return { agent_key, outcome: 'failed', error, latency_ms };
      }
      const { status } = result.value;
      const outcome = status >= 200 && status < 300 ? 'delivered' : 'failed';
      return {
        agent_key,
        outcome,
        status,
        ...(outcome === 'failed' ? { error: `HTTP ${status}` } : {}),
        latency_ms: result.latency_ms,
      };
    });
    return { kind: 'published', deliveries };
  }
}
