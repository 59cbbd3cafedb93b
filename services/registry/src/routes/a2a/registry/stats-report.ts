import type { FastifyInstance } from 'fastify';
import { a2aRoute } from '../../../../../kit/envelope.ts';
import type { RegistryContext } from '../../../context.ts';
import {
  statsReportPayload,
  statsReportReply,
  type StatsReportPayload,
} from '../../../schemas/stats.ts';
import { reporterId } from '../caller.ts';

/** Only STATS_REPORTER_AGENT_USER_IDS (the router) may report; unknown keys are skipped. */
export function statsReportRoute(app: FastifyInstance, ctx: RegistryContext): void {
  a2aRoute<StatsReportPayload, unknown>(app, {
    path: '/a2a/registry/stats.report',
    action: 'registry.stats.report',
    summary: 'Per-attempt outcomes and latency feeding the ranking',
    responder: ctx.responder,
    payload: statsReportPayload,
    reply: statsReportReply,
    handler: async ({ payload, request }) => {
      reporterId(request, ctx);
      const keys = [...new Set(payload.reports.map((report) => report.agent_key))];
      const ids = await ctx.agents.idsByKey(keys);
      const accepted = await ctx.stats.apply(payload.reports, ids);
      return { accepted, unknown_agent_keys: keys.filter((key) => !ids.has(key)) };
    },
  });
}
