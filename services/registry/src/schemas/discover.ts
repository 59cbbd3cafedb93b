import { agentReply } from './agent.ts';
import { agentKey, capability, tag } from './common.ts';

/** `registry.discover` payload. */
export interface DiscoverPayload {
  readonly requirements: {
    readonly capabilities?: ReadonlyArray<string | { key: string; value?: string }>;
    readonly tags?: readonly string[];
    readonly agent_keys?: readonly string[];
    readonly limit?: number;
  };
}

export const discoverPayload = {
  type: 'object',
  additionalProperties: false,
  required: ['requirements'],
  properties: {
    requirements: {
      type: 'object',
      additionalProperties: false,
      properties: {
        capabilities: { type: 'array', maxItems: 20, items: capability },
        tags: { type: 'array', maxItems: 20, items: tag },
        agent_keys: { type: 'array', minItems: 1, maxItems: 100, items: agentKey },
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      },
    },
  },
} as const;

const { properties, required } = agentReply;

export const discoverReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agents'],
  properties: {
    agents: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...required, 'score', 'score_components', 'stats'],
        properties: {
          ...properties,
          score: { type: 'number' },
          score_components: {
            type: 'object',
            additionalProperties: false,
            required: ['success_rate', 'latency', 'freshness'],
            properties: {
              success_rate: { type: 'number' },
              latency: { type: 'number' },
              freshness: { type: 'number' },
            },
          },
          stats: {
            type: 'object',
            additionalProperties: false,
            required: ['attempts', 'successes', 'latency_ewma_ms'],
            properties: {
              attempts: { type: 'integer' },
              successes: { type: 'integer' },
              latency_ewma_ms: { type: ['number', 'null'] },
            },
          },
        },
      },
    },
  },
} as const;
