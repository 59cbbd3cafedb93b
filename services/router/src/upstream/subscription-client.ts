import type { A2aClient } from './a2a-client.ts';

/** The event a subscriber list is asked for. */
export interface EventQuery {
  readonly eventType: string;
  readonly jobId: string | null;
  readonly payload: Record<string, unknown>;
}

/** The Subscription Service as the router uses it. */
export class SubscriptionClient {
  constructor(
    private readonly client: A2aClient,
    /** Most agent keys asked for per event. */
    private readonly limit: number,
  ) {}

  /** Distinct agent keys subscribed to the event (type, job scope and payload filters). */
  async subscribers(query: EventQuery): Promise<string[]> {
    const reply = await this.client.call<{ agent_keys: string[] }>(
      '/a2a/subscriptions/subscribers',
      'subscriptions.subscribers',
      {
        event_type: query.eventType,
        job_id: query.jobId,
        payload: query.payload,
        limit: this.limit,
      },
    );
    return reply.agent_keys;
  }
}
