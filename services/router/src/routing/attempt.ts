/** What one forwarding attempt to one agent ended as. */
export type AttemptOutcome =
  /** The agent answered 2xx or 3xx. */
  | 'ok'
  /** The agent answered 4xx: returned to the caller as it is, never retried. */
  | 'rejected'
  /** The agent answered 5xx. */
  | 'server_error'
  /** The agent did not answer within the attempt timeout. */
  | 'timeout'
  /** The request's deadline passed while the attempt ran. */
  | 'deadline'
  /** Connection refused or reset, DNS failure, an unreadable or oversized reply. */
  | 'network_error';

/** One attempt as reported to the caller and to the registry's stats. */
export interface AttemptRecord {
  readonly agent_key: string;
  readonly outcome: AttemptOutcome;
  /** HTTP status when the agent answered. */
  readonly status?: number;
  /** Short reason when it did not answer. */
  readonly error?: string;
  readonly latency_ms: number;
}

/** An agent's HTTP answer, body already parsed (JSON or, failing that, text). */
export interface AgentReply {
  readonly status: number;
  readonly body: unknown;
}

/** Outcomes after which the next candidate is tried. */
export function isRetryable(outcome: AttemptOutcome): boolean {
  return outcome === 'server_error' || outcome === 'timeout' || outcome === 'network_error';
}

export function outcomeOfStatus(status: number): AttemptOutcome {
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'rejected';
  return 'ok';
}
