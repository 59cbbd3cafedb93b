/** What one forwarding attempt to one agent ended as. */
export type AttemptOutcome =
  /** The agent answered 200-204: returned to the caller as it is. */
  | 'ok'
  /** The agent answered 4xx: returned to the caller as it is, never retried. */
  | 'rejected'
  /** The agent answered 5xx. */
  | 'server_error'
  /** The agent answered a status the router cannot pass on (1xx, 3xx, a 2xx other than
   *  200-204, 600+): the router follows no redirects, and a 205 or 206 would tell the caller
   *  something the router never asked for. Counted as the agent's failure; next one tried. */
  | 'bad_status'
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
  return outcome === 'server_error' || outcome === 'timeout' || outcome === 'network_error' ||
    outcome === 'bad_status';
}

export function outcomeOfStatus(status: number): AttemptOutcome {
  if (status >= 200 && status <= 204) return 'ok';
  if (status >= 400 && status <= 499) return 'rejected';
  if (status >= 500 && status <= 599) return 'server_error';
  return 'bad_status';
}
