/**
 * Discovery ranking. Every live agent that matches gets
 *
 *   score = 0.60 * success + 0.25 * latency + 0.15 * freshness          (0..1, 4 decimals)
 *
 *   success   = (successes + 5 * 0.8) / (attempts + 5)
 *               a Bayesian estimate: a new agent starts at 0.8 and its own record takes over
 *               as attempts accumulate (after 5 attempts it weighs as much as the prior)
 *   latency   = 1 / (1 + ewma_ms / 500)
 *               1 for instant answers, 0.5 at 500 ms, 0.33 at 1 s; unknown latency counts as 0.5
 *               (ewma_ms: exponentially weighted mean of reported latencies, alpha 0.2)
 *   freshness = 1 - age / HEARTBEAT_TTL_SECONDS, clamped to 0..1
 *               age = now - the latest heartbeat (buffered heartbeats included)
 *
 * Ties go to the lower agent_key, so the order is stable.
 */

export const RANKING = {
  successWeight: 0.6,
  latencyWeight: 0.25,
  freshnessWeight: 0.15,
  priorSuccessRate: 0.8,
  priorAttempts: 5,
  latencyHalfScoreMs: 500,
  /** Weight of the newest sample in the latency EWMA. */
  latencyAlpha: 0.2,
} as const;

/** What the ranking needs to know about one agent. */
export interface RankingInput {
  readonly attempts: number;
  readonly successes: number;
  /** Null until the first report. */
  readonly latencyEwmaMs: number | null;
  /** Epoch ms of the latest heartbeat. */
  readonly lastSeenAt: number;
}

export interface ScoreComponents {
  readonly success_rate: number;
  readonly latency: number;
  readonly freshness: number;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function scoreComponents(input: RankingInput, now: number, ttlMs: number): ScoreComponents {
  const successRate =
    (input.successes + RANKING.priorAttempts * RANKING.priorSuccessRate) /
    (input.attempts + RANKING.priorAttempts);
  const latency =
    input.latencyEwmaMs === null
      ? 0.5
      : 1 / (1 + Math.max(0, input.latencyEwmaMs) / RANKING.latencyHalfScoreMs);
  const freshness = Math.min(1, Math.max(0, 1 - (now - input.lastSeenAt) / ttlMs));
  return {
    success_rate: round(successRate),
    latency: round(latency),
    freshness: round(freshness),
  };
}

export function score(components: ScoreComponents): number {
  return round(
    RANKING.successWeight * components.success_rate +
      RANKING.latencyWeight * components.latency +
      RANKING.freshnessWeight * components.freshness,
  );
}

/**
 * Folds `samples` (oldest first) into an EWMA as `old * decay + contribution`, so a batch is one
 * SQL update however many samples it holds. With no previous value, the first sample seeds it.
 */
export function ewmaBatch(samples: readonly number[]): { decay: number; contribution: number } {
  const alpha = RANKING.latencyAlpha;
  let decay = 1;
  let contribution = 0;
  for (const sample of samples) {
    decay *= 1 - alpha;
    contribution = contribution * (1 - alpha) + alpha * sample;
  }
  return { decay, contribution };
}
