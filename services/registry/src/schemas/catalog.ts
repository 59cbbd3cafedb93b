import { agentKey, version } from './common.ts';

export type ManifestFormat = 'json' | 'yaml';

/** `catalog.publish` payload: the manifest as an object, or as YAML/JSON text. */
export interface PublishPayload {
  readonly agent_key: string;
  readonly version: string;
  readonly manifest: Record<string, unknown> | string;
  readonly format?: ManifestFormat;
}

export const publishPayload = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'version', 'manifest'],
  properties: {
    agent_key: agentKey,
    version,
    manifest: {
      anyOf: [{ type: 'object' }, { type: 'string', minLength: 1, maxLength: 200_000 }],
    },
    format: { type: 'string', enum: ['json', 'yaml'] },
  },
} as const;

export const unpublishPayload = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key'],
  properties: { agent_key: agentKey, version },
} as const;

const versionEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'format', 'published_at'],
  properties: {
    version: { type: 'string' },
    format: { type: 'string' },
    published_at: { type: 'string', format: 'date-time' },
  },
} as const;

export const publishReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'version', 'format', 'published_at'],
  properties: { agent_key: { type: 'string' }, ...versionEntry.properties },
} as const;

export const unpublishReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'removed'],
  properties: {
    agent_key: { type: 'string' },
    removed: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const versionsReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'versions'],
  properties: { agent_key: { type: 'string' }, versions: { type: 'array', items: versionEntry } },
} as const;

/** `GET /catalog/search` query: numbers arrive as text (no type coercion anywhere). */
export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: {
    q: { type: 'string', minLength: 1, maxLength: 200 },
    limit: {
      type: 'string',
      pattern: '^(?:[1-9]|[1-4][0-9]|50)$',
      description: '1-50, default 20',
    },
    offset: {
      type: 'string',
      pattern: '^(?:0|[1-9][0-9]{0,3})$',
      description: '0-9999, default 0',
    },
  },
} as const;

export const searchReply = {
  type: 'object',
  additionalProperties: false,
  required: ['results', 'total', 'limit', 'offset'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['agent_key', 'version', 'published_at', 'rank', 'name', 'description'],
        properties: {
          agent_key: { type: 'string' },
          version: { type: 'string' },
          published_at: { type: 'string', format: 'date-time' },
          rank: { type: 'number' },
          name: { type: ['string', 'null'] },
          description: { type: ['string', 'null'] },
        },
      },
    },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
} as const;

export const agentManifestReply = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key', 'latest', 'versions'],
  properties: {
    agent_key: { type: 'string' },
    latest: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'format', 'published_at', 'manifest'],
      properties: {
        ...versionEntry.properties,
        manifest: { type: 'object', additionalProperties: true },
      },
    },
    versions: { type: 'array', items: versionEntry },
  },
} as const;

export const agentKeyParams = {
  type: 'object',
  additionalProperties: false,
  required: ['agent_key'],
  properties: { agent_key: agentKey },
} as const;
