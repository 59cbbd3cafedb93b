import { agentKey, capability, capabilityReply, tag, version } from './common.ts';

/** `registry.register` payload. */
export interface RegisterPayload {
  readonly agent_key: string;
  readonly name: string;
  readonly description?: string;
  readonly endpoint: string;
  readonly capabilities: ReadonlyArray<string | { key: string; value?: string }>;
  readonly tags?: readonly string[];
  readonly version: string;
}

export const registerPayload = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'name', 'endpoint', 'capabilities', 'version'],
  properties: {
    agent_key: agentKey,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    endpoint: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 },
    capabilities: { type: 'array', minItems: 1, maxItems: 50, items: capability },
    tags: { type: 'array', maxItems: 20, uniqueItems: true, items: tag },
    version,
  },
} as const;

/** An agent as replies show it. */
export const agentReply = {
  type: 'object',
  additionalProperties: false,
  required: [
    'agent_key',
    'name',
    'description',
    'endpoint',
    'capabilities',
    'tags',
    'version',
    'last_heartbeat_at',
  ],
  properties: {
    agent_key: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    endpoint: { type: 'string' },
    capabilities: { type: 'array', items: capabilityReply },
    tags: { type: 'array', items: { type: 'string' } },
    version: { type: 'string' },
    last_heartbeat_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const registerReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agent', 'created'],
  properties: { agent: agentReply, created: { type: 'boolean' } },
} as const;

export const deregisterReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'deregistered'],
  properties: { agent_key: { type: 'string' }, deregistered: { type: 'boolean' } },
} as const;
