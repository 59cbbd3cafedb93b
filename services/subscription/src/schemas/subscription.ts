/** JSON schemas of the Subscription Service payloads (envelope schemas come from the kit). */

const eventType = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$',
  description: 'Event type, e.g. `job.completed`',
} as const;

const jobId = {
  type: ['string', 'null'],
  minLength: 1,
  maxLength: 200,
  description: 'Job the subscription is scoped to; null or absent: every job',
} as const;

const filters = {
  type: ['object', 'null'],
  maxProperties: 50,
  description: 'JSON the event payload must contain (JSONB containment); null or {}: every event',
} as const;

export const subscriptionViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'subscriber_agent_key', 'event_type', 'job_id', 'filters', 'created_at',
    'updated_at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    subscriber_agent_key: { type: 'string' },
    event_type: { type: 'string' },
    job_id: { type: ['string', 'null'] },
    filters: { type: ['object', 'null'], additionalProperties: true },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

export const subscribePayloadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event_type'],
  properties: { event_type: eventType, job_id: jobId, filters },
} as const;

export interface SubscribePayload {
  readonly event_type: string;
  readonly job_id?: string | null;
  readonly filters?: Record<string, unknown> | null;
}

export const subscribeReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['created', 'subscription'],
  properties: { created: { type: 'boolean' }, subscription: subscriptionViewSchema },
} as const;

/** Either `id`, or `event_type` with an optional `job_id` (null or absent: the wildcard). */
export const unsubscribePayloadSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid' }, event_type: eventType, job_id: jobId },
} as const;

export interface UnsubscribePayload {
  readonly id?: string;
  readonly event_type?: string;
  readonly job_id?: string | null;
}

export const unsubscribeReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['subscription'],
  properties: { subscription: subscriptionViewSchema },
} as const;

export const listPayloadSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    after: { type: 'string', format: 'uuid', description: 'Last id of the previous page' },
  },
} as const;

export interface ListPayload {
  readonly limit: number;
  readonly after?: string;
}

export const listReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['subscriptions', 'next_after'],
  properties: {
    subscriptions: { type: 'array', items: subscriptionViewSchema },
    next_after: { type: ['string', 'null'], description: 'Pass as `after` for the next page' },
  },
} as const;

export const subscribersPayloadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event_type', 'payload'],
  properties: {
    event_type: eventType,
    job_id: jobId,
    payload: { type: 'object', description: 'The event payload the filters are matched against' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1_000 },
  },
} as const;

export interface SubscribersPayload {
  readonly event_type: string;
  readonly job_id?: string | null;
  readonly payload: Record<string, unknown>;
  readonly limit: number;
}

export const subscribersReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_keys'],
  properties: { agent_keys: { type: 'array', items: { type: 'string' } } },
} as const;
