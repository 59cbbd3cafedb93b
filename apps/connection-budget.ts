import type { ClusterConfig, DatabaseServiceName } from '../clusters/cluster-config.ts';
import { MIGRATION_CONNECTIONS } from './catalog.ts';
import { replicaPlan } from './replicas.ts';

/** Services that hold database connections, in a fixed order. */
export const DATABASE_SERVICES: readonly DatabaseServiceName[] = [
  'registry',
  'subscription',
  'cortex',
];

/**
 * Peak connections per database instance, as the issue defines it: (max replicas + surge) x
 * pool per service, plus every migration Job (all run in the same sync wave, so at once). A
 * StatefulSet has no surge: it replaces its one pod in place.
 * TODO: a Deployment does not count Terminating pods against maxSurge, so a fast rollout can
 * briefly add up to `replicas` draining pods that still hold their pools (for at most the grace
 * period). Counting them is stricter than the rule; revisit if a database runs near its
 * limit.
 */
export function peakConnections(config: ClusterConfig): Map<string, number> {
  const peak = new Map<string, number>();
  for (const service of DATABASE_SERVICES) {
    const { instance, poolSize } = config.services[service].database;
    const plan = replicaPlan(config, service);
    const pods = plan.maxReplicas + plan.surge;
    peak.set(instance, (peak.get(instance) ?? 0) + pods * poolSize + MIGRATION_CONNECTIONS);
  }
  return peak;
}
