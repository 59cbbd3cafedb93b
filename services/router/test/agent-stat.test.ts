import { describe, expect, it } from 'vitest';

import type { AttemptOutcome } from '../src/routing/attempt.ts';
import { agentStatOf } from '../src/stats/agent-stat.ts';

describe('agentStatOf', () => {
  const statOf = (outcome: AttemptOutcome) =>
    agentStatOf({ agent_key: 'a', outcome, latency_ms: 5 });

  it('counts answers the router passes on as successes, everything else as failures', () => {
    expect(statOf('ok')?.success).toBe(true);
    expect(statOf('rejected')?.success).toBe(true);
    for (const outcome of ['server_error', 'bad_status', 'timeout', 'network_error'] as const) {
      expect(statOf(outcome)).toEqual({ agent_key: 'a', success: false, latency_ms: 5 });
    }
  });

  it('does not report an attempt cut by the caller\'s deadline', () => {
    expect(statOf('deadline')).toBeUndefined();
  });
});
