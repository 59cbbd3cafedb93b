import { errorBodySchema } from '../../../kit/errors.ts';
import type { Capability } from '../discovery/capabilities.ts';

/** Payload of `POST /a2a/route` (action `router.route`). */
export interface RoutePayload {
  readonly capabilities: readonly Capability[];
  readonly tags?: readonly string[];
  readonly action: string;
  readonly payload: Record<string, unknown>;
  readonly deadline_ms?: number;
}

// The registry's capability grammar, so a request it would refuse is a 400 here, not a 503.
const capabilityName = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$' } as const;
const capability = {
  anyOf: [
    capabilityName,
    {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: { key: capabilityName, value: { type: 'string', minLength: 1, maxLength: 200 } },
    },
  ],
} as const;

export const routePayloadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['capabilities', 'action', 'payload'],
  properties: {
    capabilities: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: capability,
      description: 'Every one must match (strings or {key, value} pairs, as the registry takes)',
    },
    tags: {
      type: 'array',
      maxItems: 20,
      description: 'Every one must be on the agent',
      items: { type: 'string', minLength: 1, maxLength: 100 },
    },
    action: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'The action the chosen agent receives, e.g. `text.translate`',
    },
    payload: { type: 'object', description: 'The action payload, forwarded unchanged' },
    deadline_ms: {
      type: 'integer',
      minimum: 1,
      maximum: 300_000,
      description: 'Time budget from arrival, in ms; capped by ROUTE_DEADLINE_MS (its default)',
    },
  },
} as const;

const attempt = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'outcome', 'latency_ms'],
  properties: {
    agent_key: { type: 'string' },
    outcome: {
      type: 'string',
      enum: ['ok', 'rejected', 'server_error', 'bad_status', 'timeout', 'deadline',
        'network_error'],
    },
    status: { type: 'integer' },
    error: { type: 'string' },
    latency_ms: { type: 'number' },
  },
} as const;

/** `routing` on a routed reply: who answered and what each attempt got. */
export const routingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'attempts', 'discovery'],
  properties: {
    agent_key: { type: 'string' },
    attempts: { type: 'array', items: attempt },
    discovery: {
      type: 'string',
      enum: ['fresh', 'loaded', 'stale'],
      description: 'Candidates from cache (fresh), the registry (loaded), or a stale cache entry',
    },
  },
} as const;

/** Body of 404/502/503/504 from the router itself: the error plus the attempts made. */
export const routeErrorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: errorBodySchema.properties.error,
    attempts: { type: 'array', items: attempt },
  },
} as const;
