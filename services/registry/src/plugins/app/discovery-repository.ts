import type { SqlRunner } from '../../../../kit/database/sql.ts';
import { score, scoreComponents, type ScoreComponents } from '../../ranking.ts';
import type { DiscoverPayload } from '../../schemas/discover.ts';
import {
  normaliseCapabilities,
  type AgentView,
  type StoredCapability,
} from './agents-repository.ts';

/** A discovered agent with its ranking. */
export interface DiscoveredAgent extends AgentView {
  readonly score: number;
  readonly score_components: ScoreComponents;
  readonly stats: { attempts: number; successes: number; latency_ewma_ms: number | null };
}

interface CandidateRow {
  agent_key: string;
  name: string;
  description: string;
  endpoint: string;
  tags: string[] | null;
  version: string;
  last_seen: Date | string;
  attempts: number | null;
  successes: number | null;
  latency_ewma_ms: number | null;
  capabilities: StoredCapability[] | string;
}

/**
 * Most live matching agents scored per request. Candidates are the most recently seen ones;
 * TODO(scale): past this many matches, scoring moves into SQL so the cap cannot hide a
 * better-ranked but less recently seen agent.
 */
export const CANDIDATE_CAP = 1_000;

/**
 * Matching rule: an agent matches when, for EVERY required capability, it has a capability with
 * that key, and (when the requirement gives a value) exactly that value. A plain-name
 * requirement `"translate"` is the key alone, so it matches `"translate"` and
 * `{key: "translate", value: "fr"}` alike. Every required tag must be among the agent's tags;
 * `agent_keys` restricts to those keys. Only agents seen within the TTL (buffered heartbeats
 * included) are returned.
 */
export class DiscoveryRepository {
  constructor(private readonly sql: SqlRunner) {}

  async discover(
    requirements: DiscoverPayload['requirements'],
    pending: ReadonlyMap<string, number>,
    options: { now: number; ttlMs: number },
  ): Promise<DiscoveredAgent[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;

    const pendingIds = param([...pending.keys()]);
    const pendingSeen = param([...pending.values()].map((ms) => new Date(ms).toISOString()));
    const cutoff = param(new Date(options.now - options.ttlMs).toISOString());

    const where = [
      `GREATEST(a.last_heartbeat_at, p.seen_at) > ${cutoff}::timestamptz`,
      `a.status = 'active'`,
    ];
    for (const required of normaliseCapabilities(requirements.capabilities ?? [])) {
      const valueTest = required.value === null ? '' : ` AND c.value = ${param(required.value)}`;
      where.push(`EXISTS (SELECT 1 FROM agent_capabilities c
        WHERE c.agent_id = a.id AND c.key = ${param(required.key)}${valueTest})`);
    }
    if (requirements.tags?.length) where.push(`a.tags @> ${param(requirements.tags)}::varchar[]`);
    if (requirements.agent_keys?.length) {
      where.push(`a.agent_key = ANY(${param(requirements.agent_keys)}::varchar[])`);
    }

    const rows = await this.sql.query<CandidateRow>(
      `SELECT a.agent_key, a.name, a.description, a.endpoint, a.tags, a.version,
              GREATEST(a.last_heartbeat_at, p.seen_at) AS last_seen,
              s.attempts, s.successes, s.latency_ewma_ms,
              (SELECT COALESCE(json_agg(json_build_object('key', c.key, 'value', c.value)
                                        ORDER BY c.key, c.value), '[]'::json)
                 FROM agent_capabilities c WHERE c.agent_id = a.id) AS capabilities
         FROM agents a
         LEFT JOIN unnest(${pendingIds}::uuid[], ${pendingSeen}::timestamptz[])
                AS p(id, seen_at) ON p.id = a.id
         LEFT JOIN agent_stats s ON s.agent_id = a.id
        WHERE ${where.join('\n          AND ')}
        ORDER BY last_seen DESC
        LIMIT ${CANDIDATE_CAP}`,
      params,
    );

    const ranked = rows.map((row) => toDiscovered(row, options.now, options.ttlMs));
    ranked.sort((a, b) => b.score - a.score || (a.agent_key < b.agent_key ? -1 : 1));
    return ranked.slice(0, requirements.limit ?? 10);
  }
}

function toDiscovered(row: CandidateRow, now: number, ttlMs: number): DiscoveredAgent {
  const lastSeen = new Date(row.last_seen);
  const stats = {
    attempts: row.attempts ?? 0,
    successes: row.successes ?? 0,
    // Float folding leaves noise like 100.00000000000001; a microsecond is precise enough.
    latency_ewma_ms:
      row.latency_ewma_ms === null ? null : Math.round(row.latency_ewma_ms * 1_000) / 1_000,
  };
  const components = scoreComponents(
    {
      attempts: stats.attempts,
      successes: stats.successes,
      latencyEwmaMs: stats.latency_ewma_ms,
      lastSeenAt: lastSeen.getTime(),
    },
    now,
    ttlMs,
  );
  return {
    agent_key: row.agent_key,
    name: row.name,
    description: row.description,
    endpoint: row.endpoint,
    capabilities:
      typeof row.capabilities === 'string'
        ? (JSON.parse(row.capabilities) as StoredCapability[])
        : row.capabilities,
    tags: row.tags ?? [],
    version: row.version,
    last_heartbeat_at: lastSeen.toISOString(),
    score: score(components),
    score_components: components,
    stats,
  };
}
