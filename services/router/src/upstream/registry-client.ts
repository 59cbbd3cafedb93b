import type { Requirements } from '../discovery/capabilities.ts';
import type { Candidate } from '../routing/route-request.ts';
import type { AgentStat } from '../stats/agent-stat.ts';
import type { A2aClient } from './a2a-client.ts';

/** An agent as the registry's discover answers it (fields the router uses). */
interface DiscoveredAgent {
  readonly agent_key: string;
  readonly endpoint: string;
}

/** The registry's cap on `requirements.agent_keys`. */
const KEYS_PER_CALL = 100;

/** The Agent Registry as the router uses it. */
export class RegistryClient {
  constructor(
    private readonly client: A2aClient,
    /** Most candidates asked for per discovery. */
    private readonly limit: number,
  ) {}

  /** Live agents with every capability (and tag), best first. */
  async discover(requirements: Requirements): Promise<Candidate[]> {
    const reply = await this.client.call<{ agents: DiscoveredAgent[] }>(
      '/a2a/registry/discover',
      'registry.discover',
      { requirements: { ...requirements, limit: this.limit } },
    );
    return reply.agents.map((agent) => ({ agentKey: agent.agent_key, endpoint: agent.endpoint }));
  }

  /**
   * Endpoints of live agents by key; keys not registered or not live are absent. The registry
   * takes at most 100 keys per call, so larger sets go as parallel chunks of 100.
   */
  async endpoints(agentKeys: readonly string[]): Promise<Map<string, string | null>> {
    const chunks: string[][] = [];
    for (let i = 0; i < agentKeys.length; i += KEYS_PER_CALL) {
      chunks.push(agentKeys.slice(i, i + KEYS_PER_CALL));
    }
    const replies = await Promise.all(chunks.map((keys) =>
      this.client.call<{ agents: DiscoveredAgent[] }>(
        '/a2a/registry/discover',
        'registry.discover',
        { requirements: { agent_keys: keys, limit: keys.length } },
      )));
    return new Map(replies.flatMap((reply) =>
      reply.agents.map((agent) => [agent.agent_key, agent.endpoint] as const)));
  }

  /** Sends a batch of attempt outcomes for the ranking. */
  async report(stats: readonly AgentStat[]): Promise<void> {
    await this.client.call('/a2a/registry/stats.report', 'registry.stats.report', {
      reports: stats,
    });
  }
}
