import { describeError } from '../describe-error.ts';
import {
  isRetryable,
  outcomeOfStatus,
  type AgentReply,
  type AttemptRecord,
} from './attempt.ts';

/** An agent the registry returned for the requested capabilities, best first. */
export interface Candidate {
  readonly agentKey: string;
  readonly endpoint: string;
}

/** Sends the request to one agent; must stop when `signal` aborts. */
export type SendToAgent = (candidate: Candidate, signal: AbortSignal) => Promise<AgentReply>;

/** Inputs of {@link routeRequest}. */
export interface RouteRequestOptions {
  /** Ranked candidates, best first. */
  readonly candidates: readonly Candidate[];
  /** Most attempts in all, across candidates. */
  readonly maxAttempts: number;
  /** Longest wait for one agent, in milliseconds. */
  readonly attemptTimeoutMs: number;
  /** Absolute deadline on the `now()` clock. */
  readonly deadlineAt: number;
  readonly send: SendToAgent;
  /** Called after every attempt (stats reporting); must not throw or block. */
  readonly onAttempt?: (attempt: AttemptRecord) => void;
  /** Monotonic clock in milliseconds. Default `performance.now`. */
  readonly now?: () => number;
}

/** How a routed request ended. */
export type RouteResult =
  | { readonly kind: 'reply'; readonly reply: AgentReply; readonly attempts: AttemptRecord[] }
  | { readonly kind: 'no_candidates'; readonly attempts: AttemptRecord[] }
  | { readonly kind: 'deadline'; readonly attempts: AttemptRecord[] }
  | { readonly kind: 'exhausted'; readonly attempts: AttemptRecord[] };

/**
 * Tries the candidates in order until one answers with anything but a retryable failure.
 * A 200-204 or 4xx reply ends the loop; a 5xx, any other status (`bad_status`), timeout or
 * network error moves on, within `maxAttempts` and the deadline. Each attempt waits at most
 * min(attempt timeout, time left).
 */
export async function routeRequest(options: RouteRequestOptions): Promise<RouteResult> {
  const now = options.now ?? (() => performance.now());
  const attempts: AttemptRecord[] = [];
  if (options.candidates.length === 0) return { kind: 'no_candidates', attempts };

  for (const candidate of options.candidates.slice(0, options.maxAttempts)) {
    const left = options.deadlineAt - now();
    if (left <= 0) return { kind: 'deadline', attempts };

    const cappedByDeadline = left < options.attemptTimeoutMs;
    const { record, reply } = await attempt(candidate, options, {
      timeoutMs: cappedByDeadline ? left : options.attemptTimeoutMs,
      cappedByDeadline,
      now,
    });
    attempts.push(record);
    options.onAttempt?.(record);

    if (reply && !isRetryable(record.outcome)) return { kind: 'reply', reply, attempts };
    if (record.outcome === 'deadline') return { kind: 'deadline', attempts };
  }

  return { kind: 'exhausted', attempts };
}

interface AttemptLimits {
  readonly timeoutMs: number;
  readonly cappedByDeadline: boolean;
  readonly now: () => number;
}

async function attempt(
  candidate: Candidate,
  options: RouteRequestOptions,
  limits: AttemptLimits,
): Promise<{ record: AttemptRecord; reply?: AgentReply }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const started = limits.now();
  const base = { agent_key: candidate.agentKey };

  try {
    const reply = await options.send(candidate, controller.signal);
    const latency_ms = elapsed(started, limits.now());
    const outcome = outcomeOfStatus(reply.status);
    const record = { ...base, outcome, status: reply.status, latency_ms };
    if (outcome === 'bad_status') {
      // Nothing of this reply reaches the caller, so it is not returned.
      const error = `agent answered HTTP ${reply.status}, which the router does not pass on`;
      return { record: { ...record, error } };
    }
    return { record, reply };
  } catch (error) {
    const latency_ms = elapsed(started, limits.now());
    if (controller.signal.aborted) {
      const outcome = limits.cappedByDeadline ? 'deadline' : 'timeout';
      const reason = `no answer within ${Math.round(limits.timeoutMs)} ms`;
      return { record: { ...base, outcome, error: reason, latency_ms } };
    }
    const reason = describeError(error);
    return { record: { ...base, outcome: 'network_error', error: reason, latency_ms } };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(from: number, to: number): number {
  return Math.round((to - from) * 10) / 10;
}
