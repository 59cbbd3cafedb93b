import type { AttemptRecord } from '../routing/attempt.ts';

/** One attempt as the registry's `stats.report` takes it. */
export interface AgentStat {
  readonly agent_key: string;
  readonly success: boolean;
  readonly latency_ms: number;
}

/**
 * What an attempt says about the agent: an answer (200-204, 4xx) is a success, since a 4xx is
 * the caller's problem; a 5xx, another status, timeout or network error is a failure. An
 * attempt cut by the caller's deadline says nothing about the agent and is not reported.
 */
export function agentStatOf(attempt: AttemptRecord): AgentStat | undefined {
  if (attempt.outcome === 'deadline') return undefined;
  const success = attempt.outcome === 'ok' || attempt.outcome === 'rejected';
  return { agent_key: attempt.agent_key, success, latency_ms: attempt.latency_ms };
}
