import type { SqlRunner } from '../../../../kit/database/sql.ts';
import { ewmaBatch } from '../../ranking.ts';
import type { StatsReportPayload } from '../../schemas/stats.ts';

interface AgentBatch {
  attempts: number;
  successes: number;
  latencies: number[];
}

/**
 * Applies router reports to `agent_stats`: counts add up, latency folds into the EWMA in the
 * reported order. Two statements for the whole batch whatever its size; the UPDATE's row locks
 * make concurrent reports for one agent add up instead of overwriting each other.
 */
export class StatsRepository {
  constructor(private readonly sql: SqlRunner) {}

  async apply(
    reports: StatsReportPayload['reports'],
    idsByKey: ReadonlyMap<string, string>,
  ): Promise<number> {
    const batches = new Map<string, AgentBatch>();
    let accepted = 0;
    for (const report of reports) {
      const id = idsByKey.get(report.agent_key);
      if (!id) continue;
      const batch = batches.get(id) ?? { attempts: 0, successes: 0, latencies: [] };
      batch.attempts += 1;
      if (report.success) batch.successes += 1;
      batch.latencies.push(report.latency_ms);
      batches.set(id, batch);
      accepted += 1;
    }
    if (batches.size === 0) return 0;

    const ids = [...batches.keys()];
    const rows = ids.map((id) => batches.get(id) as AgentBatch);
    const folds = rows.map((row) => ewmaBatch(row.latencies));

    await this.sql.query(
      // Only agents that still exist: one deregistered meanwhile is skipped, not an FK error.
      `INSERT INTO agent_stats (agent_id)
       SELECT id FROM agents WHERE id = ANY($1::uuid[])
       ON CONFLICT DO NOTHING`,
      [ids],
    );
    await this.sql.query(
      `UPDATE agent_stats AS s
          SET attempts = s.attempts + u.attempts,
              successes = s.successes + u.successes,
              latency_ewma_ms = COALESCE(s.latency_ewma_ms, u.first) * u.decay + u.contribution,
              updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::float8[], $5::float8[], $6::float8[])
              AS u(agent_id, attempts, successes, first, decay, contribution)
        WHERE s.agent_id = u.agent_id`,
      [
        ids,
        rows.map((row) => row.attempts),
        rows.map((row) => row.successes),
        rows.map((row) => row.latencies[0] ?? 0),
        folds.map((fold) => fold.decay),
        folds.map((fold) => fold.contribution),
      ],
    );
    return accepted;
  }
}
