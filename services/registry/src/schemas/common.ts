/** Building blocks shared by the registry's JSON schemas. */
import { AGENT_KEY_PATTERN } from '../../../kit/envelope.ts';

/** An agent key: letters, digits, `.`, `_`, `-`; starts with a letter or digit; 1-200 chars. */
export const agentKey = {
  type: 'string',
  pattern: AGENT_KEY_PATTERN,
  description: 'Agent key, e.g. `acme-translator`',
} as const;

export const capabilityName = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$' };

/** A capability: `"translate"` or `{key, value}` (`value` optional: a key alone). */
export const capability = {
  anyOf: [
    capabilityName,
    {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: {
        key: capabilityName,
        value: { type: 'string', minLength: 1, maxLength: 200 },
      },
    },
  ],
} as const;

export const tag = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const version = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$',
  description: 'Version label, e.g. `1.2.0`',
} as const;

/** A capability as the registry answers it: always `{key, value}`, value null for names. */
export const capabilityReply = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'value'],
  properties: { key: { type: 'string' }, value: { type: ['string', 'null'] } },
} as const;

export const agentKeyPayload = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key'],
  properties: { agent_key: agentKey },
} as const;
