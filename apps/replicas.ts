import type { ClusterConfig, ServiceName } from '../clusters/cluster-config.ts';

/** How many pods of a service can run at once, and whether it runs as a StatefulSet. */
export interface ReplicaPlan {
  /** Replica count written to the workload; undefined when an HPA owns it. */
  readonly replicas: number | undefined;
  /** Highest steady count (the HPA maximum for the router). */
  readonly maxReplicas: number;
  /** Extra pods during a rollout; 0 for a StatefulSet, which replaces pods in place. */
  readonly surge: number;
  /** StatefulSet (cortex with local state) or Deployment. */
  readonly kind: 'Deployment' | 'StatefulSet';
}

export function replicaPlan(config: ClusterConfig, service: ServiceName): ReplicaPlan {
  const services = config.services;
  switch (service) {
    case 'router':
      return {
        replicas: undefined,
        maxReplicas: services.router.hpa.maxReplicas,
        surge: services.router.maxSurge,
        kind: 'Deployment',
      };
    case 'cortex': {
      const cortex = services.cortex;
      if (cortex.mode === 'statefulset') {
        return { replicas: 1, maxReplicas: 1, surge: 0, kind: 'StatefulSet' };
      }
      const { replicas, maxSurge } = cortex;
      return { replicas, maxReplicas: replicas, surge: maxSurge, kind: 'Deployment' };
    }
    default: {
      const { replicas, maxSurge } = services[service];
      return { replicas, maxReplicas: replicas, surge: maxSurge, kind: 'Deployment' };
    }
  }
}
