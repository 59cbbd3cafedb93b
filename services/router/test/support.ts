import { callA2a, type AgentIdentity } from '../../test-agents/src/a2a-caller.ts';
import { startTestAgent, type TestAgent, type TestAgentBehaviour } from
  '../../test-agents/src/test-agent.ts';

/** Registers `agent` in the registry under `agentKey` with `capabilities`, as `owner`. */
export async function registerAgent(
  registryUrl: string,
  owner: AgentIdentity,
  agentKey: string,
  endpoint: string,
  capabilities: Array<string | { key: string; value: string }>,
): Promise<void> {
  const answer = await callA2a(`${registryUrl}/a2a/registry/register`, {
    action: 'registry.register',
    identity: owner,
    senderAgentKey: agentKey,
    payload: { agent_key: agentKey, name: agentKey, endpoint, capabilities, version: '1.0.0' },
  });
  if (answer.status !== 200 && answer.status !== 201) {
    throw new Error(`register ${agentKey}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/**
 * Feeds the registry's ranking so `keys` rank in the given order: the first gets only fast
 * successes, each next one slower answers and more failures.
 */
export async function rankInOrder(
  registryUrl: string,
  reporter: AgentIdentity,
  keys: readonly string[],
): Promise<void> {
  const reports = keys.flatMap((agent_key, rank) =>
    Array.from({ length: 20 }, (_, i) => ({
      agent_key,
      success: i >= rank * 5,
      latency_ms: 10 + rank * 200,
    })));
  const answer = await callA2a(`${registryUrl}/a2a/registry/stats.report`, {
    action: 'registry.stats.report',
    identity: reporter,
    payload: { reports },
  });
  if (answer.status !== 200) throw new Error(`stats.report: ${answer.status}`);
}

/** Agents started by a test, closed together. */
export class AgentPool {
  private readonly agents: TestAgent[] = [];

  async start(name: string, behaviour: TestAgentBehaviour = { mode: 'ok' }): Promise<TestAgent> {
    const agent = await startTestAgent({ name, behaviour });
    this.agents.push(agent);
    return agent;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.agents.splice(0).map((agent) => agent.close()));
  }
}
