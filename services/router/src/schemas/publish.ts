/** Payload of `POST /a2a/events/publish` (action `events.publish`). */
export interface PublishPayload {
  readonly event_type: string;
  readonly job_id?: string | null;
  readonly payload: Record<string, unknown>;
}

export const publishPayloadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event_type', 'payload'],
  properties: {
    event_type: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$',
    },
    job_id: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
    payload: { type: 'object' },
  },
} as const;

const delivery = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'outcome', 'latency_ms'],
  properties: {
    agent_key: { type: 'string' },
    outcome: { type: 'string', enum: ['delivered', 'failed'] },
    status: { type: 'integer' },
    error: { type: 'string' },
    latency_ms: { type: 'number' },
  },
} as const;

export const publishReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event_id', 'duplicate', 'subscribers', 'delivered', 'failed', 'deliveries'],
  properties: {
    event_id: { type: 'string', description: 'The publisher\'s envelope.message_id' },
    duplicate: {
      type: 'boolean',
      description: 'True: this message id was already published within the dedupe window, ' +
        'so nothing was delivered now',
    },
    subscribers: { type: 'integer' },
    delivered: { type: 'integer' },
    failed: { type: 'integer' },
    deliveries: { type: 'array', items: delivery },
  },
} as const;
