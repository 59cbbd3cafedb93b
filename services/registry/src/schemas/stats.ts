import { agentKey } from './common.ts';

/** Most outcomes in one `stats.report` (the router batches; bounded work per request). */
export const MAX_REPORTS = 500;

export interface StatsReportPayload {
  readonly reports: ReadonlyArray<{ agent_key: string; success: boolean; latency_ms: number }>;
}

export const statsReportPayload = {
  type: 'object',
  additionalProperties: false,
  required: ['reports'],
  properties: {
    reports: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_REPORTS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['agent_key', 'success', 'latency_ms'],
        properties: {
          agent_key: agentKey,
          success: { type: 'boolean' },
          latency_ms: { type: 'number', minimum: 0, maximum: 3_600_000 },
        },
      },
    },
  },
} as const;

export const statsReportReply = {
  type: 'object',
  additionalProperties: false,
  required: ['accepted', 'unknown_agent_keys'],
  properties: {
    accepted: { type: 'integer' },
    unknown_agent_keys: { type: 'array', items: { type: 'string' } },
  },
} as const;
