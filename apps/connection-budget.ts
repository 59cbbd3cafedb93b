import type { ClusterConfig, DatabaseServiceName } from '../clusters/cluster-config.ts';
import { MIGRATION_CONNECTIONS } from './catalog.ts';
import { replicaPlan } from './replicas.ts';

/** Services that hold database connections, in a fixed order. */
export const DATABASE_SERVICES: readonly DatabaseServiceName[] = [
  'registry',
  'subscription',
  'cortex',
];

/** Peak connections per database instance: (max replicas + surge) x pool, plus migrations. */
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
